using System.Linq.Expressions;
using System.Numerics;
using TensorLogic.Compiler.Semantics;
using static TensorLogic.Backends.Cpu.Tests.Loops.TestPrograms;

namespace TensorLogic.Backends.Cpu.Tests.Loops;

/// <summary>
/// Every elementwise row of the built-in table in the CPU's generated code: the code hook alone on edge
/// values, and inside a compiled term against the reference engine, so no engine misses a built-in.
/// </summary>
public sealed class BuiltinCodeTests
{
    private static readonly double[] Inputs =
        [0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300, -1e300, 1, -1, 0.5, -2.25, 30, -30];

    public static TheoryData<string> Elementwise() => [.. BuiltinFunction.Functions.Where(f => f.Kind == FunctionKind.Elementwise).Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Elementwise))]
    public void Generated_code_computes_the_scalar_form(string name)
    {
        Check<double>(name);
        Check<float>(name);
    }

    private static void Check<T>(string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var function = BuiltinFunction.Find(name)!.Elementwise!;
        var x = Expression.Parameter(typeof(T), "x");
        var a = Expression.Parameter(typeof(T), "a");
        var code = Expression.Lambda<Func<T, T, T>>(function.Code<T>(x, a), x, a).Compile();
        foreach (var argument in new[] { function.DefaultArgument, 0, 2, -1.5 })
        {
            foreach (var input in Inputs)
            {
                var (tx, ta) = (T.CreateTruncating(input), T.CreateTruncating(argument));
                var expected = function.Apply(tx, ta);
                var actual = code(tx, ta);
                Assert.True(expected.Equals(actual) || T.IsNaN(expected) && T.IsNaN(actual), $"{name}({tx}, {ta}) in {typeof(T).Name}: {actual}, expected {expected}");
            }
        }
    }

    [Fact]
    public void A_constant_square_is_one_multiply()
    {
        var x = Expression.Parameter(typeof(double), "x");
        var code = Builtins.Power.Code<double>(x, Expression.Constant(2.0));
        Assert.IsNotType<MethodCallExpression>(code);
        var square = Expression.Lambda<Func<double, double>>(code, x).Compile();
        foreach (var input in Inputs)
            Assert.Equal(input * input, square(input));
        var cube = Assert.IsType<MethodCallExpression>(Builtins.Power.Code<double>(x, Expression.Constant(3.0)), exactMatch: false);
        Assert.Equal(typeof(Builtins.Pow), cube.Method.DeclaringType);
    }

    /// <summary>f inside a term, so the loop-nest compiler's code runs against the reference engine's.</summary>
    [Theory]
    [MemberData(nameof(Elementwise))]
    public void Inside_a_compiled_term_it_agrees_with_the_reference(string name)
    {
        var function = BuiltinFunction.Find(name)!;
        var call = function.MinArguments > 1 ? $"{name}(X[i, j], 3)" : function.MaxArguments > 1 ? $"{name}(X[i, j], 0.5) + {name}(X[i, j])" : $"{name}(X[i, j])";
        var bound = Compile($"""
            X = {Literal(21, 3, 4)}
            W = {Literal(22, 4)}
            Y[i] = W[j] {call}
            """);
        Assert.True(TermCheck.Compare<double>(bound, "Y") > 0);
        TermCheck.Compare<float>(bound, "Y");
    }
}
