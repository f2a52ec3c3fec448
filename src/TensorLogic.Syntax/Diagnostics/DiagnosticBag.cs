using System.Collections;
using System.Collections.Immutable;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Diagnostics;

/// <summary>Collects the diagnostics of every stage so that one run reports as many problems as it can.</summary>
public sealed class DiagnosticBag : IEnumerable<Diagnostic>
{
    private readonly List<Diagnostic> _diagnostics = [];

    public bool HasErrors => _diagnostics.Any(d => d.IsError);

    public int Count => _diagnostics.Count;

    public Diagnostic Report(
        DiagnosticDescriptor descriptor,
        SourceLocation? location,
        string message,
        string? help = null,
        params DiagnosticNote[] notes)
    {
        var diagnostic = new Diagnostic(descriptor, location, message, help, [.. notes]);
        _diagnostics.Add(diagnostic);
        return diagnostic;
    }

    public void Report(Diagnostic diagnostic) => _diagnostics.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _diagnostics.AddRange(diagnostics);

    /// <summary>
    /// Diagnostics in a deterministic order (file, position, id), without exact duplicates, so that output
    /// and golden files do not depend on the order in which passes happened to find problems.
    /// </summary>
    public ImmutableArray<Diagnostic> ToSortedArray() =>
    [
        .. _diagnostics
            .DistinctBy(d => (d.Id, d.Location?.Source.Path, d.Location?.Span, d.Message))
            .OrderBy(d => d.Location is null ? 0 : 1)
            .ThenBy(d => d.Location?.Source.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location?.Span.Start ?? 0)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal),
    ];

    public IEnumerator<Diagnostic> GetEnumerator() => _diagnostics.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
