using System.Reflection;
using TensorLogic.Backends.Gpu.Kernels;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Gpu.Tests;

/// <summary>Every kernel of the GPU engine compiles for CUDA, each built-in's instantiation of the outer-function kernel included.</summary>
public class DeviceCodeTests
{
    public static TheoryData<string> Kernels => [.. KernelMethods().Select(m => m.Name)];

    public static TheoryData<string> ElementwiseBuiltins =>
        [.. BuiltinFunction.Functions.Where(b => b.Elementwise is not null).Select(b => b.Name)];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_compiles_to_PTX(string name)
    {
        var kernel = KernelMethods().Single(m => m.Name == name);
        var ptx = PtxCompiler.Compile(kernel);
        Assert.Contains(".entry", ptx);
    }

    [Theory]
    [MemberData(nameof(ElementwiseBuiltins))]
    public void Outer_function_kernel_compiles_for_each_builtin(string name)
    {
        var definition = BuiltinFunction.Functions.Single(b => b.Name == name).Elementwise!.Definition;
        var kernel = typeof(CellKernels).GetMethod(nameof(CellKernels.Apply))!.MakeGenericMethod(definition);
        Assert.Contains(".entry", PtxCompiler.Compile(kernel));
    }

    /// <summary>The public static methods of the kernel classes, generic ones aside (tested per instantiation).</summary>
    private static IEnumerable<MethodInfo> KernelMethods() =>
        typeof(CellKernels).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(CellKernels).Namespace && t.IsClass && t.IsAbstract && t.IsSealed)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => !m.IsGenericMethodDefinition && m.ReturnType == typeof(void));
}
