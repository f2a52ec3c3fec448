using ILGPU;

namespace TensorLogic.Backends.Gpu.Kernels;

/// <summary>Where a flat index lands in two operands: the row-major split the contraction and scatter kernels share.</summary>
internal static class Offsets
{
    /// <summary>
    /// Splits <paramref name="position"/> row-major over the <paramref name="rank"/> sizes at
    /// <c>layout[sizes..]</c> and adds each coordinate times its stride from <c>layout[leftStrides..]</c> to
    /// <paramref name="left"/> and from <c>layout[rightStrides..]</c> to <paramref name="right"/>.
    /// </summary>
    public static void Locate(long position, ArrayView<long> layout, int rank, int sizes, int leftStrides, int rightStrides,
        ref long left, ref long right)
    {
        for (var a = rank - 1; a >= 0; a--)
        {
            var size = layout[sizes + a];
            var coordinate = position % size;
            position /= size;
            left += coordinate * layout[leftStrides + a];
            right += coordinate * layout[rightStrides + a];
        }
    }
}
