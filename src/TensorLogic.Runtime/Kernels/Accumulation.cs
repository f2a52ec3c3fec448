using System.Numerics;
using System.Reflection;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Kernels;

/// <summary>
/// The projections <c>=</c>/<c>+=</c> (sum), <c>max=</c>, <c>min=</c> and <c>avg=</c>, for every engine: a cell's
/// first binding sets its value, later ones are combined into it, and an average is divided by the number of
/// bindings at the end. The CPU's compiled loops call <see cref="CombineMethod"/>'s method directly.
/// </summary>
public static class Accumulation<T>
    where T : IFloatingPointIeee754<T>
{
    /// <summary>A cell's value after one more binding.</summary>
    public static T Add(Aggregation aggregation, T current, T value, bool first) =>
        first ? value : Combine(aggregation, current, value);

    public static T Combine(Aggregation aggregation, T current, T value) => aggregation switch
    {
        Aggregation.Max => Max(current, value),
        Aggregation.Min => Min(current, value),
        _ => Sum(current, value),
    };

    public static T Sum(T current, T value) => current + value;

    /// <summary>NaN wins, and +0 is above -0 (Math.Max).</summary>
    public static T Max(T current, T value) => T.Max(current, value);

    /// <summary>NaN wins, and -0 is below +0 (Math.Min).</summary>
    public static T Min(T current, T value) => T.Min(current, value);

    /// <summary>
    /// The value that <see cref="Combine"/> leaves any first value exactly as it is, so a register may start
    /// there instead of tracking the first binding: -0 + v = v even for v = -0; max(-∞, v) = v even for NaN.
    /// </summary>
    public static T Identity(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Max => T.NegativeInfinity,
        Aggregation.Min => T.PositiveInfinity,
        _ => T.NegativeZero,
    };

    /// <summary>The method <see cref="Combine"/> calls for <paramref name="aggregation"/>, for generated code.</summary>
    public static MethodInfo CombineMethod(Aggregation aggregation) => typeof(Accumulation<T>).GetMethod(aggregation switch
    {
        Aggregation.Max => nameof(Max),
        Aggregation.Min => nameof(Min),
        _ => nameof(Sum),
    })!;

    /// <summary>A reached cell's result from its combined value and its number of bindings.</summary>
    public static T Result(Aggregation aggregation, T value, int count) =>
        aggregation == Aggregation.Average ? value / T.CreateTruncating(count) : value;

    /// <summary><see cref="Result"/> on every reached cell (<c>counts[i] &gt; 0</c>) in place.</summary>
    public static void Finish(Aggregation aggregation, Span<T> values, ReadOnlySpan<int> counts)
    {
        if (aggregation != Aggregation.Average)
            return;
        for (var i = 0; i < values.Length; i++)
        {
            if (counts[i] > 0)
                values[i] = Result(aggregation, values[i], counts[i]);
        }
    }
}
