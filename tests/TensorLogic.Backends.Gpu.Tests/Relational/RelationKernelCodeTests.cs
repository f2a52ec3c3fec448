using System.Reflection;
using TensorLogic.Backends.Gpu.Relational;

namespace TensorLogic.Backends.Gpu.Tests.Relational;

/// <summary>The relational kernels are valid device code: each compiles to PTX.</summary>
public class RelationKernelCodeTests
{
    public static TheoryData<string> Kernels =>
        [.. typeof(RelationKernels).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_compiles_to_PTX(string name)
    {
        var kernel = typeof(RelationKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
        Assert.Contains(".entry", PtxCompiler.Compile(kernel));
    }

    [Fact]
    public void Every_kernel_is_enumerated() =>
        Assert.Equal(8, typeof(RelationKernels).GetMethods(BindingFlags.Public | BindingFlags.Static).Length);
}
