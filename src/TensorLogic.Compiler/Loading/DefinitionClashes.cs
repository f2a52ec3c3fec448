using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Compiler.Loading;

/// <summary>
/// A tensor is defined by one module instance (or by the program). Several equations or rules for one
/// tensor add up, which is how Datalog and Tensor Logic are written, so a tensor defined both by a module
/// and by its importer would silently become their sum. That is reported instead (TL2051), at the outer
/// definition, with the module's as a note:
/// <code>
/// import "std/logic.tl"      # defines Path
/// Path(x, y) &lt;- Link(x, y)   # error TL2051: tensor 'Path' is defined here and also by module 'logic.tl'
/// </code>
/// </summary>
internal static class DefinitionClashes
{
    public static void Report(IEnumerable<ScopedStatement> statements, DiagnosticBag diagnostics)
    {
        var first = new Dictionary<string, ScopedStatement>(StringComparer.Ordinal);
        var reported = new HashSet<(string, int, int)>();
        foreach (var statement in statements)
        {
            foreach (var name in ModuleInterface.Defined(statement.Statement.Statement))
            {
                if (!first.TryGetValue(name.Text, out var earlier))
                {
                    first.Add(name.Text, statement);
                    continue;
                }
                var (a, b) = (earlier.Scope.Instance, statement.Scope.Instance);
                if (a == b || !reported.Add((name.Text, Math.Min(a, b), Math.Max(a, b))))
                    continue;
                var (outer, inner) = statement.Scope.Depth < earlier.Scope.Depth ? (statement, earlier) : (earlier, statement);
                diagnostics.Report(Catalog.ModuleDefinitionClash, outer.Statement.Location,
                    $"tensor '{name.Text}' is defined here and also by module '{inner.Scope.Source.Path}'",
                    name.IsQualified
                        ? "the module defines it already: give yours another name (a module's tensor that it only declares may be given data, as in m.W = \"w.npy\")"
                        : "a tensor is defined in one module: rename one of them, or import the module with a name (as m) so that its tensors are m.X",
                    new DiagnosticNote(inner.Statement.Location, "the module defines it here"));
            }
        }
    }
}

/// <summary>A statement of the loaded program, with the scope of the file (and instance) it came from.</summary>
internal sealed record ScopedStatement(SourceStatement Statement, ModuleScope Scope);
