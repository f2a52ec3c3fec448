using System.Collections.Immutable;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Semantics;

/// <summary>Something the program produces, in source order: a query answer or a written file.</summary>
public abstract record BoundOutput(TensorSymbol Tensor, SourceLocation Location);

/// <summary>
/// <c>Y?</c>, <c>T[A, x]?</c>, <c>R(A, x)?</c>. <see cref="Pattern"/> has one entry per stored position:
/// a constant, or a variable (free, to be listed). <see cref="FreeVariables"/> are the distinct variables
/// in order of appearance. <see cref="Text"/> is the query as written, for output.
/// </summary>
public sealed record BoundQuery(
    TensorSymbol Tensor,
    ImmutableArray<BoundIndex> Pattern,
    ImmutableArray<IndexVariable> FreeVariables,
    bool WrittenWithPattern,
    string Text,
    SourceLocation Location) : BoundOutput(Tensor, Location);

/// <summary><c>"out.npy" = T</c>, with the path resolved against the program's folder.</summary>
public sealed record BoundFileWrite(TensorSymbol Tensor, string Path, SourceLocation Location) : BoundOutput(Tensor, Location);
