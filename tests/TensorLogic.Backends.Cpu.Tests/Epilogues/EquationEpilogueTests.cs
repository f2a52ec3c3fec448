using TensorLogic.Runtime.Values;
using System.Numerics;
using TensorLogic.Backends.Cpu.Epilogues;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Backends.Cpu.Loops;
using TensorLogic.Backends.Cpu.Tests.Loops;
using TensorLogic.Runtime.Reference;
using static TensorLogic.Backends.Cpu.Tests.Loops.TestPrograms;

namespace TensorLogic.Backends.Cpu.Tests.Epilogues;

/// <summary>
/// Whole equations on the CPU path — every term through a loop kernel, the terms summed on the cells they
/// reached, the outer function applied by <see cref="Epilogue{T}"/> — against the reference EquationEvaluator.
/// </summary>
public sealed class EquationEpilogueTests
{
    [Fact]
    public void Masked_attention_softmax_leaves_unreached_rows_alone() => Check($"""
        Q = {Literal(30, 4, 3)}
        Kt = {Literal(31, 4, 3)}
        Before(0, 1), Before(0, 2), Before(0, 3), Before(1, 2), Before(1, 3), Before(2, 3)
        A[p, p2.] = softmax(Q[p, k] Kt[p2, k] Before(p2, p))
        """, "A");

    [Fact]
    public void Layer_norm_of_two_terms() => Check($"""
        W = {Literal(32, 5, 5)}
        X = {Literal(33, 3, 5)}
        S[p, d.] = lnorm(W[d, k] X[p, k] + X[p, d])
        """, "S");

    [Fact]
    public void Sigmoid_with_a_temperature() => Check($"""
        W = {Literal(34, 4, 3)}
        X = {Literal(35, 3)}
        T = 0.5
        Y[i] = sig(W[i, j] X[j], T)
        """, "Y");

    [Fact]
    public void Average_pooling_then_tanh() => Check($"""
        S = 2
        G = {Literal(36, 5, 5)}
        P : real[3, 3]
        P[x/S, y/S] avg= tanh(G[x, y])
        """, "P");

    [Fact]
    public void Power_of_a_projected_sum() => Check($"""
        X = {Literal(37, 3, 4)}
        Y[i] = pow(X[i, j] + 1, 3)
        """, "Y");

    private static void Check(string text, string target)
    {
        var program = Compile(text);
        Check<double>(program, target);
        Check<float>(program, target);
    }

    private static void Check<T>(Compiler.Semantics.BoundProgram program, string target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var equation = program.EquationsOf(target).Single();
        var operands = new TestOperands<T>(program, equation);
        var shape = equation.Target.Shape;
        var total = new DenseTensor<T>(shape);
        var counts = new int[total.Length];
        foreach (var term in equation.GenericTerms)
        {
            var accumulator = new TermAccumulator<T>(shape, equation.Aggregation);
            new LoopKernel<T>(equation, term).Execute(operands, accumulator);
            accumulator.Finish();
            for (var i = 0; i < counts.Length; i++)
            {
                if (accumulator.Counts[i] == 0)
                    continue;
                total.Data[i] = counts[i] == 0 ? accumulator.Values.Data[i] : total.Data[i] + accumulator.Values.Data[i];
                counts[i] += accumulator.Counts[i];
            }
        }
        if (equation.Finish is { } function)
        {
            T[] extra = [.. function.ExtraArguments.Select(a => T.CreateTruncating(ExpressionEvaluator.Evaluate(a, [], operands)))];
            Epilogue<T>.Apply(function, total, counts, extra);
        }

        var expected = EquationEvaluator.Evaluate(equation, operands).ToDictionary(c => TermCheck.Offset(shape, c.Cell), c => c.Value);
        Assert.NotEmpty(expected);
        for (var i = 0; i < counts.Length; i++)
        {
            Assert.Equal(expected.ContainsKey(i), counts[i] > 0);
            if (counts[i] > 0)
                TermCheck.AssertClose<T>(expected[i], double.CreateTruncating(total.Data[i]), $"{equation.Text}: cell {i}");
        }
    }
}
