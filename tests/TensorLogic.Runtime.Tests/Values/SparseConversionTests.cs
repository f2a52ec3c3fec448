using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Tests.Values;

/// <summary>
/// A dense tensor told where its only nonzeros are (data from a sparse file) converts by writing those,
/// and forgets it at the first write, after which every element is copied again.
/// </summary>
public class SparseConversionTests
{
    [Fact]
    public void A_sparse_marked_tensor_converts_its_nonzeros_and_a_write_ends_the_mark()
    {
        var source = new DenseTensor<double>([4, 5]);
        source.Data[3] = 1.5;
        source.Data[17] = -2.25;
        source.MarkSparse([3, 17]);
        // Proof that only the marked elements are read: an unmarked element (never to be written there by a
        // data file) is left out of the copy.
        source.Data[9] = 7;
        var converted = new DenseTensor<float>([4, 5]);
        source.CopyTo(converted);
        Assert.Equal(1.5f, converted.Data[3]);
        Assert.Equal(-2.25f, converted.Data[17]);
        Assert.Equal(0f, converted.Data[9]);

        source.Data[11] = 4;
        source.MarkChanged();
        var after = new DenseTensor<float>([4, 5]);
        source.CopyTo(after);
        Assert.Equal([1.5f, 7f, 4f, -2.25f], new[] { after.Data[3], after.Data[9], after.Data[11], after.Data[17] });
        Assert.Equal(4, after.Data.Count(v => v != 0));
    }
}
