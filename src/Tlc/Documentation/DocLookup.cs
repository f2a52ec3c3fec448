using System.Text;
using TensorLogic.Compiler.Loading;

namespace TensorLogic.Tlc.Documentation;

/// <summary>
/// The REPL's <c>:doc NAME</c>: the <c>///</c> comment of a name as the program writes it. A tensor, input or
/// parameter (<c>net.Probs</c>, <c>net.Hidden</c>, or the program's own <c>Loss</c>) shows what it is, then its
/// comment; an instance's name (<c>net</c>) shows its module's own comment.
/// </summary>
internal static class DocLookup
{
    /// <summary>The text to print, or null when <paramref name="name"/> has no documentation.</summary>
    public static string? For(ProgramDocs docs, string name)
    {
        if (docs.Find(name) is { } found && found.Doc.Text is { } text)
            return Heading(name, found.Doc, found.Module) + text + "\n";
        var instance = docs.Instances.FirstOrDefault(i => i.Prefix == name + ".");
        if (instance.Module?.Summary is { } summary)
            return $"{name}: an instance of {ModuleMarkdown.ImportName(instance.Module.Path)}\n{summary}\n";
        return null;
    }

    /// <summary>The first line: the name, its kind (with a declaration or default when there is one) and its file.</summary>
    private static string Heading(string name, TensorDoc doc, ModuleDoc module)
    {
        var heading = new StringBuilder(name);
        heading.Append(doc.Kind switch
        {
            DocKind.Input => " (input",
            DocKind.Parameter => doc.Default is { } value ? $" (parameter, default {value}" : " (parameter, required",
            _ => doc.Declaration is { } declaration ? $" : {declaration[(declaration.IndexOf(':') + 1)..].Trim()} (tensor" : " (tensor",
        });
        return heading.Append(", ").Append(ModuleMarkdown.ImportName(module.Path)).Append(")\n").ToString();
    }
}
