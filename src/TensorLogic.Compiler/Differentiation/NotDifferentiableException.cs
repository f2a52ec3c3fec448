using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Differentiation;

/// <summary>A construct the gradient compiler cannot differentiate; reported as TL6012 at the equation.</summary>
internal sealed class NotDifferentiableException(string reason, SourceLocation? location) : Exception(reason)
{
    public SourceLocation? Location { get; } = location;
}
