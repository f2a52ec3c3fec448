using System.Collections.Immutable;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>An entry of the catalogue: a stable id (never renumbered), its default severity and a title.</summary>
public sealed record DiagnosticDescriptor(string Id, DiagnosticSeverity Severity, string Title);

/// <summary>A secondary location that explains a diagnostic ("first used here with rank 2").</summary>
public sealed record DiagnosticNote(SourceLocation Location, string Message);

/// <summary>
/// One problem found in a program. <see cref="Location"/> is null only for problems that have no place in
/// any source, such as a file named on the command line that cannot be read.
/// </summary>
public sealed record Diagnostic(
    DiagnosticDescriptor Descriptor,
    SourceLocation? Location,
    string Message,
    string? Help,
    ImmutableArray<DiagnosticNote> Notes)
{
    public string Id => Descriptor.Id;
    public DiagnosticSeverity Severity => Descriptor.Severity;
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The one-line form: <c>file:line:col: error TLnnnn: message</c>.</summary>
    public override string ToString()
    {
        var severity = IsError ? "error" : "warning";
        return Location is { } location
            ? $"{location.Source.Path}:{location.Start}: {severity} {Id}: {Message}"
            : $"{severity} {Id}: {Message}";
    }
}
