using System.Numerics;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Backends.Cpu.Loops;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;
using static TensorLogic.Backends.Cpu.Tests.Loops.TestPrograms;

namespace TensorLogic.Backends.Cpu.Tests.Loops;

/// <summary>
/// The compiled loop nest combines through <see cref="Accumulation{T}"/> but spells out the first-binding
/// rule itself (and a register starts at the identity); what it stores must be, bit for bit, the shared
/// definition folded over the bindings, on values that include NaN, ±0 and infinities.
/// </summary>
public sealed class AccumulationAgreementTests
{
    private const int Rows = 6;
    private const int Columns = 5;

    /// <summary>Row r: edge values mixed so each projection meets NaN, -0 against +0, -0 alone, and infinities.</summary>
    private static readonly double[,] Data =
    {
        { -0.0, -0.0, -0.0, -0.0, -0.0 },
        { -0.0, 0.0, -0.0, 0.0, -0.0 },
        { 1, double.NaN, -2, 3, 0.5 },
        { double.NegativeInfinity, -1, double.PositiveInfinity, 2, -0.0 },
        { 0.25, -0.5, 4, -8, 16 },
        { double.NaN, double.NaN, 0.0, -0.0, 1 },
    };

    [Theory]
    [InlineData("max=")]
    [InlineData("min=")]
    [InlineData("avg=")]
    [InlineData("=")]
    public void Compiled_projections_agree_with_the_shared_definition(string projection)
    {
        Check<double>(projection);
        Check<float>(projection);
    }

    [Fact]
    public void The_shared_definition_decides_zeros_and_NaN()
    {
        Assert.True(double.IsPositive(Accumulation<double>.Combine(Aggregation.Max, -0.0, 0.0)));
        Assert.True(double.IsNegative(Accumulation<double>.Combine(Aggregation.Min, 0.0, -0.0)));
        Assert.True(double.IsNegative(Accumulation<double>.Combine(Aggregation.Sum, Accumulation<double>.Identity(Aggregation.Sum), -0.0)));
        Assert.True(double.IsNaN(Accumulation<double>.Combine(Aggregation.Max, 1, double.NaN)));
        Assert.True(double.IsNaN(Accumulation<double>.Combine(Aggregation.Min, double.NaN, 1)));
        foreach (var aggregation in Enum.GetValues<Aggregation>())
        {
            foreach (var value in new[] { -0.0, 0.0, double.NaN, double.NegativeInfinity, double.PositiveInfinity, 3 })
            {
                var fromIdentity = Accumulation<double>.Combine(aggregation, Accumulation<double>.Identity(aggregation), value);
                Assert.True(fromIdentity.Equals(value) && double.IsNegative(fromIdentity) == double.IsNegative(value), $"{aggregation}: identity then {value} gave {fromIdentity}");
                Assert.Equal(value, Accumulation<double>.Add(aggregation, 12345, value, first: true));
            }
        }
        Assert.Equal(2.5, Accumulation<double>.Result(Aggregation.Average, 10, 4));
        Assert.Equal(10, Accumulation<double>.Result(Aggregation.Max, 10, 4));
    }

    private static void Check<T>(string projection)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Two targets over the same bindings, so the planner's register and direct-store paths both get a chance.
        var program = Compile($"""
            X : real[{Rows}, {Columns}]
            M[i] {projection} X[i, j]
            N[j] {projection} X[i, j]
            """);
        var operands = new Operands<T>(program.Tensor("X"));
        foreach (var (target, byRow) in new[] { ("M", true), ("N", false) })
        {
            var equation = program.EquationsOf(target).Single();
            var accumulator = new TermAccumulator<T>(equation.Target.Shape, equation.Aggregation);
            new LoopKernel<T>(equation, equation.GenericTerms.Single()).Execute(operands, accumulator);
            accumulator.Finish();
            var cells = byRow ? Rows : Columns;
            for (var cell = 0; cell < cells; cell++)
            {
                var expected = T.Zero;
                var count = byRow ? Columns : Rows;
                for (var k = 0; k < count; k++)
                {
                    var value = T.CreateTruncating(byRow ? Data[cell, k] : Data[k, cell]);
                    expected = Accumulation<T>.Add(equation.Aggregation, expected, value, first: k == 0);
                }
                expected = Accumulation<T>.Result(equation.Aggregation, expected, count);
                var actual = accumulator.Values.Data[cell];
                Assert.Equal(count, accumulator.Counts[cell]);
                Assert.True(expected.Equals(actual) && T.IsNegative(expected) == T.IsNegative(actual) || T.IsNaN(expected) && T.IsNaN(actual),
                    $"{target} {projection} in {typeof(T).Name}, cell {cell}: {actual}, expected {expected}");
            }
        }
    }

    private sealed class Operands<T>(TensorSymbol x) : IOperandSource<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly DenseTensor<T> _x = new(x.Shape, [.. Data.Cast<double>().Select(T.CreateTruncating)]);

        public DenseTensor<T> Dense(TensorSymbol tensor) => tensor == x ? _x : throw new ArgumentException(tensor.Name);

        public Relation Relation(TensorSymbol tensor) => throw new ArgumentException(tensor.Name);
    }
}
