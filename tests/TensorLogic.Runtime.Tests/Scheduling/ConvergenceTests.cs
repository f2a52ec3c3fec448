using System.Collections.Immutable;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Tests.Scheduling;

/// <summary>
/// When a fixpoint sweep counts as a change: rounding in the last bits is none (a GPU kernel's parallel sums
/// round differently every sweep), anything larger is measured as it is.
/// </summary>
public sealed class ConvergenceTests
{
    private static double Change<T>(T before, T after)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        Contributions.MaxDifference(new DenseTensor<T>([2], [T.One, before]), new DenseTensor<T>([2], [T.One, after]));

    [Fact]
    public void A_few_units_in_the_last_place_are_no_change()
    {
        var value = 0.3f;
        var jittered = value;
        for (var i = 0; i < Contributions.RoundingUnits / 2; i++)
            jittered = MathF.BitIncrement(jittered);

        Assert.Equal(0, Change(value, jittered));
        Assert.Equal(0, Change(1e6, Math.BitIncrement(Math.BitIncrement(1e6))));
    }

    [Fact]
    public void A_change_beyond_rounding_is_measured_as_it_is()
    {
        Assert.Equal(1e-3, Change(0.5, 0.501), 12);
        // 2^-20 on 1.0 is 8 units of float's last place at 1.0 but 2^32 units of double's.
        Assert.Equal(0, Change(1f, 1f + MathF.Pow(2, -20)));
        Assert.Equal(Math.Pow(2, -20), Change(1.0, 1.0 + Math.Pow(2, -20)));
        Assert.Equal(double.PositiveInfinity, Change(1.0, double.NaN));
        Assert.Equal(double.PositiveInfinity, Change(double.PositiveInfinity, 15.0));
        Assert.Equal(float.PositiveInfinity, Change(15f, float.NegativeInfinity));
        Assert.Equal(0, Change(double.NaN, double.NaN));
    }
}
