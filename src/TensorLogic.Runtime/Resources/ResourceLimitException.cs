using System.Collections.Immutable;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Resources;

/// <summary>
/// A run stopped at one of its <see cref="ResourceLimits"/> (TL5011, TL5012, TL5013). It is raised deep in
/// an allocation or a relation's growth, where only the size is known; the runner completes it once with
/// the equation being computed and the progress so far, and the command line prints it as a diagnostic.
/// </summary>
public sealed class ResourceLimitException(DiagnosticDescriptor descriptor, string message, string help, SourceLocation? location = null)
    : Exception(message)
{
    public DiagnosticDescriptor Descriptor { get; } = descriptor;

    public string Help { get; } = help;

    /// <summary>Where the run was when it stopped; null until the runner has said.</summary>
    public SourceLocation? Location { get; } = location;

    /// <summary>
    /// The same stop placed at <paramref name="location"/>: "computing 'R': MESSAGE (PROGRESS)", naming the
    /// tensor being computed and how far the run got.
    /// </summary>
    public ResourceLimitException At(SourceLocation? location, string computing, string progress) =>
        Location is null ? new(Descriptor, $"computing '{computing}': {Message} ({progress})", Help, location) : this;

    public Diagnostic ToDiagnostic() => new(Descriptor, Location, Message, Help, ImmutableArray<DiagnosticNote>.Empty);

    /// <summary>
    /// The limit behind <paramref name="exception"/>, if it is one: thrown directly, or from a worker thread
    /// of a parallel loop (wrapped in an AggregateException).
    /// </summary>
    public static ResourceLimitException? Of(Exception exception) => exception switch
    {
        ResourceLimitException limit => limit,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.Select(Of).FirstOrDefault(l => l is not null),
        _ => null,
    };
}
