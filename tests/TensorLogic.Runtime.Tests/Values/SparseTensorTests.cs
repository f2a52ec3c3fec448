using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Tests.Values;

/// <summary>
/// A real tensor held as weighted tuples reads 0 outside its listed cells, sums a cell listed twice (as
/// summed data does), lists its nonzeros in row-major order, and converts to a dense tensor by writing its
/// listed cells only.
/// </summary>
public class SparseTensorTests
{
    [Fact]
    public void Listed_cells_read_their_sums_and_every_other_cell_reads_zero()
    {
        var tensor = new SparseTensor([300, 500]);
        tensor.Add([7, 9], 1.5);
        tensor.Add([7, 9], 2);
        tensor.Add([0, 499], -3);
        tensor.Add([299, 0], 0);
        Assert.Equal(3.5, tensor.Get([7, 9]));
        Assert.Equal(-3, tensor.Get(499L));
        Assert.Equal(0, tensor.Get([8, 9]));
        Assert.Equal(0, tensor.Get([300, 0]));
        Assert.Equal(3, tensor.Count);
        Assert.Equal([([0, 499], -3.0), ([7, 9], 3.5)], tensor.NonZeros().Select(n => (n.Cell, n.Value)));
    }

    [Fact]
    public void Many_entries_grow_the_table_and_keep_their_values()
    {
        var tensor = new SparseTensor([1000, 1000]);
        for (var i = 0; i < 5000; i++)
            tensor.Add([i % 1000, i / 1000 * 7], i);
        for (var i = 0; i < 5000; i++)
            Assert.Equal(i, tensor.Get([i % 1000, i / 1000 * 7]));
    }

    [Fact]
    public void A_dense_copy_writes_the_listed_cells_only()
    {
        var tensor = new SparseTensor([4, 5]);
        tensor.Add([0, 3], 1.5);
        tensor.Add([3, 2], -2.25);
        var converted = new DenseTensor<float>([4, 5]);
        // Proof that only the listed cells are written: an element the copy has no entry for keeps what it held.
        converted.Data[9] = 7;
        tensor.CopyTo(converted);
        Assert.Equal([1.5f, 7f, -2.25f], new[] { converted.Data[3], converted.Data[9], converted.Data[17] });
        Assert.Equal(3, converted.Data.Count(v => v != 0));
        Assert.Equal(-2.25, ((SparseTensor)tensor.Clone()).Get([3, 2]));
    }
}
