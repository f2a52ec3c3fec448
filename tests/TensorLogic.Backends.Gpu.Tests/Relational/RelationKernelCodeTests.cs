using System.Reflection;
using ILGPU;
using ILGPU.Algorithms.RadixSortOperations;
using TensorLogic.Backends.Gpu.Relational;

namespace TensorLogic.Backends.Gpu.Tests.Relational;

/// <summary>The relational kernels are valid device code: each compiles to PTX.</summary>
public class RelationKernelCodeTests
{
    public static TheoryData<string> Kernels => [.. KernelMethods().Select(NameOf)];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_compiles_to_PTX(string name)
    {
        var kernel = KernelMethods().Single(m => NameOf(m) == name);
        Assert.Contains(".entry", PtxCompiler.Compile(kernel));
    }

    /// <summary>
    /// The key order that sorts only a key's low bits is valid device code, read as ILGPU's radix sort reads
    /// it (through the constrained generic). ILGPU's own sort kernels cannot be compiled here: they take
    /// their group size as a value specialized at launch.
    /// </summary>
    [Theory]
    [InlineData(typeof(AscendingKeys<KeyBits24>))]
    [InlineData(typeof(AscendingKeys<KeyBits64>))]
    public void The_key_order_compiles_to_PTX(Type order)
    {
        var kernel = typeof(KeyOrderKernel).GetMethod(nameof(KeyOrderKernel.ReadRadixBits))!.MakeGenericMethod(order);
        Assert.Contains(".entry", PtxCompiler.Compile(kernel));
    }

    [Fact]
    public void Every_kernel_is_enumerated() => Assert.Equal(8 + 4, KernelMethods().Count());

    /// <summary>The kernels, a generic one (the prefix sums) once per element type it is launched with.</summary>
    private static IEnumerable<MethodInfo> KernelMethods() =>
        new[] { typeof(RelationKernels), typeof(PrefixSumKernels) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.IsGenericMethodDefinition ? [m.MakeGenericMethod(typeof(int)), m.MakeGenericMethod(typeof(long))] : new[] { m });

    private static string NameOf(MethodInfo kernel) =>
        kernel.IsGenericMethod ? $"{kernel.Name}<{kernel.GetGenericArguments()[0].Name}>" : kernel.Name;
}

/// <summary>A kernel that reads a key order the way ILGPU's radix sort does.</summary>
public static class KeyOrderKernel
{
    public static void ReadRadixBits<TOrder>(Index1D i, ArrayView<long> keys, ArrayView<int> bits)
        where TOrder : struct, IRadixSortOperation<long>
    {
        TOrder order = default;
        var key = i < keys.IntLength ? keys[i] : order.DefaultValue;
        bits[i] = order.ExtractRadixBits(key, 2 * (i % (order.NumBits / 2)), 3);
    }
}
