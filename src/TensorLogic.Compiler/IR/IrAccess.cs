using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.IR;

/// <summary>
/// A tensor read or written at index expressions, one per stored position: <c>Img[x+dx, y+dy, c]</c>.
/// A virtual index (<c>State[*t+1, i]</c>) is not stored; it is kept apart in <see cref="Virtual"/>.
/// </summary>
public sealed record IrAccess(TensorSymbol Tensor, ImmutableArray<IrIndexExpression> Indices, SourceLocation Location)
{
    public IrVirtualIndex? Virtual { get; init; }
}

/// <summary><c>*t</c> (offset 0) or <c>*t+1</c> (offset 1) at written position <see cref="Position"/> of an access.</summary>
public sealed record IrVirtualIndex(IrIndex Variable, int Offset, int Position);
