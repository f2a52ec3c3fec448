using System.Collections.Immutable;

namespace TensorLogic.Compiler.Loading;

/// <summary>
/// The documentation of a loaded program: every file once, and which file each module instance is, so that
/// a name as the program writes it (<c>enc.Mlp</c>, or the program's own <c>Loss</c>) finds its comment.
/// </summary>
public sealed record ProgramDocs(ImmutableArray<ModuleDoc> Files, ImmutableArray<(string Prefix, ModuleDoc Module)> Instances)
{
    public static readonly ProgramDocs Empty = new([], []);

    /// <summary>The documentation of <paramref name="name"/> and the file it is in, or null.</summary>
    public (TensorDoc Doc, ModuleDoc Module)? Find(string name)
    {
        var split = name.LastIndexOf('.');
        var prefix = split < 0 ? "" : name[..(split + 1)];
        var last = name[(split + 1)..];
        foreach (var (instancePrefix, module) in Instances)
        {
            if (instancePrefix == prefix && module.Find(last) is { } doc)
                return (doc, module);
        }
        return null;
    }
}
