using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Tests.Engines;

/// <summary>
/// A runner's spare small arrays: a kept array comes back for the same length (cleared when asked), other
/// lengths find none, and arrays the shared cache keeps are left to it.
/// </summary>
public class SmallArraysTests
{
    [Fact]
    public void A_kept_array_is_rented_again_for_its_length_only()
    {
        var spare = new SmallArrays<float>();
        var array = new float[10];
        array[3] = 2.5f;
        Assert.True(spare.Keep(array));
        Assert.Null(spare.Rent(11, clear: true));
        var rented = spare.Rent(10, clear: false);
        Assert.Same(array, rented);
        Assert.Equal(2.5f, rented![3]);
        // Given out once, it is not given out again until kept again.
        Assert.Null(spare.Rent(10, clear: false));
    }

    [Fact]
    public void A_rented_array_is_cleared_when_asked()
    {
        var spare = new SmallArrays<int>();
        spare.Keep([1, 2, 3]);
        Assert.Equal([0, 0, 0], spare.Rent(3, clear: true)!);
    }

    [Fact]
    public void Large_arrays_are_left_to_the_shared_cache()
    {
        var spare = new SmallArrays<double>();
        Assert.False(spare.Keep(new double[SmallArrays<double>.Limit]));
        Assert.Null(spare.Rent(SmallArrays<double>.Limit, clear: true));
    }
}
