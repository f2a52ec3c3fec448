using TensorLogic.Backends.Gpu.Relational;

namespace TensorLogic.Backends.Gpu.Tests.Relational;

public class RelationShapeTests
{
    [Fact]
    public void Keys_are_row_major_cell_numbers()
    {
        var shape = new RelationShape(3, 4, 5);
        Assert.Equal(60, shape.Cells);
        Assert.Equal(2 * 20 + 1 * 5 + 3, shape.Pack([2, 1, 3]));
        Assert.Equal([2, 1, 3], shape.Unpack(48));
    }

    [Fact]
    public void A_shape_of_2_to_the_63_cells_is_refused()
    {
        var justFits = new RelationShape(1 << 21, 1 << 21, (1 << 21) - 1);
        Assert.Equal(long.MaxValue - (1L << 42) + 1, justFits.Cells);
        Assert.Equal(justFits.Cells - 1, justFits.Pack([(1 << 21) - 1, (1 << 21) - 1, (1 << 21) - 2]));
        var error = Assert.Throws<ArgumentException>(() => new RelationShape(1 << 21, 1 << 21, 1 << 21));
        Assert.Contains("2^63 cells", error.Message);
        Assert.Throws<ArgumentException>(() => new RelationShape(int.MaxValue, int.MaxValue, int.MaxValue));
    }

    [Fact]
    public void Tuples_outside_the_shape_are_refused()
    {
        var shape = new RelationShape(3, 4);
        Assert.Throws<ArgumentException>(() => shape.Pack([3, 0]));
        Assert.Throws<ArgumentException>(() => shape.Pack([0, -1]));
        Assert.Throws<ArgumentException>(() => shape.Pack([0]));
        Assert.Throws<ArgumentException>(() => new RelationShape(3, 0));
    }
}
