using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.IR;

/// <summary>
/// Semi-naive evaluation of a recursive component of <c>min=</c>/<c>max=</c> tensors (Dyna's and Soufflé's aggregate
/// recursion): the first round runs the stratum's equations once, as a sweep would; every later round runs
/// <see cref="DeltaEquations"/>, one copy of each recursive equation per distinct recursive read, with a relation
/// of the cells that read improved in the last round joined in first:
/// <c>Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)</c> → <c>Dist[y] min= ΔDist(x) (Dist[x] + Cost[x, y]) Edge(x, y)</c>.
/// Each round's results combine into the tensors with their operator, and the cells that changed become the
/// next round's relations, until no cell changes by more than the tolerance. The compiler chooses this form only
/// where every recursive equation moves its cells the tensor's way as the cells it reads move theirs, so the
/// bindings a round skips could only repeat values already combined in: the result is the sweeps' fixpoint.
/// </summary>
public sealed record MinMaxRecursion(ImmutableArray<ImprovedCells> Tensors, ImmutableArray<IrEquation> DeltaEquations);

/// <summary>A recursive tensor and the Boolean relation, of its shape, holding its cells that changed in the last round.</summary>
public sealed record ImprovedCells(TensorSymbol Tensor, TensorSymbol Delta);
