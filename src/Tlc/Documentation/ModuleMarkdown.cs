using System.Text;
using TensorLogic.Compiler.Loading;

namespace TensorLogic.Tlc.Documentation;

/// <summary>
/// A module's documentation as Markdown: its own comment, then its inputs, parameters and tensors, each with
/// its comment. docs/stdlib.md holds this text for every module of the standard library (a test checks it).
/// </summary>
internal static class ModuleMarkdown
{
    public static string Write(ModuleDoc module, string title)
    {
        var text = new StringBuilder();
        text.Append("## `").Append(title).Append("`\n\n");
        if (module.Summary is { } summary)
            text.Append(summary).Append("\n\n");
        Section(text, "Inputs", module.Names.Where(n => n.Kind == DocKind.Input), n => $"`{n.Name}`");
        Section(text, "Parameters", module.Names.Where(n => n.Kind == DocKind.Parameter),
            n => n.Default is { } value ? $"`{n.Name}` (default {value})" : $"`{n.Name}` (required)");
        Section(text, "Tensors", module.Names.Where(n => n.Kind == DocKind.Tensor && n.Text is not null),
            n => $"`{n.Declaration ?? n.Name}`");
        return text.ToString();
    }

    /// <summary>The import path a reader writes for <paramref name="path"/>: <c>std/nn.tl</c> for a file under a stdlib folder.</summary>
    public static string ImportName(string path)
    {
        var normalized = path.Replace('\\', '/');
        var at = normalized.LastIndexOf("/std/", StringComparison.Ordinal);
        if (at >= 0)
            return normalized[(at + 1)..];
        return normalized.StartsWith("std/", StringComparison.Ordinal) ? normalized : Path.GetFileName(normalized);
    }

    private static void Section(StringBuilder text, string heading, IEnumerable<TensorDoc> names, Func<TensorDoc, string> label)
    {
        var list = names.ToList();
        if (list.Count == 0)
            return;
        text.Append("**").Append(heading).Append("**\n\n");
        foreach (var name in list)
        {
            text.Append("- ").Append(label(name));
            if (name.Text is { } comment)
                text.Append(": ").Append(comment.Replace("\n", "\n  "));
            text.Append('\n');
        }
        text.Append('\n');
    }
}
