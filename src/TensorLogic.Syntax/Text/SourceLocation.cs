namespace TensorLogic.Syntax.Text;

/// <summary>A span in a particular source: what every diagnostic, syntax node and IR node points at.</summary>
public readonly record struct SourceLocation(SourceText Source, TextSpan Span)
{
    public LinePosition Start => Source.GetLinePosition(Span.Start);

    public override string ToString() => $"{Source.Path}:{Start}";
}
