using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Gpu.Kernels;

/// <summary>
/// A built-in called inside a loop term, chosen by a number at run time. Device code cannot dispatch on a
/// type, so each built-in's definition gets a number here, and <see cref="Value"/> calls that definition's own
/// <see cref="IElementwiseDefinition.Value{T}"/>. Both directions live in this file so they stay in step.
/// </summary>
public static class BuiltinCalls
{
    /// <summary>The number of a built-in's definition struct, or -1 when the device has no call for it.</summary>
    public static int NumberOf(Type definition) =>
        definition == typeof(Builtins.Step) ? 0
        : definition == typeof(Builtins.Sigmoid) ? 1
        : definition == typeof(Builtins.Relu) ? 2
        : definition == typeof(Builtins.Exp) ? 3
        : definition == typeof(Builtins.Log) ? 4
        : definition == typeof(Builtins.Sin) ? 5
        : definition == typeof(Builtins.Cos) ? 6
        : definition == typeof(Builtins.Sqrt) ? 7
        : definition == typeof(Builtins.Tanh) ? 8
        : definition == typeof(Builtins.Abs) ? 9
        : definition == typeof(Builtins.Pow) ? 10
        : -1;

    /// <summary>Built-in number <paramref name="function"/> of x and its second argument (device code).</summary>
    public static float Value(int function, float x, float argument) => function switch
    {
        0 => Builtins.Step.Value(x, argument),
        1 => Builtins.Sigmoid.Value(x, argument),
        2 => Builtins.Relu.Value(x, argument),
        3 => Builtins.Exp.Value(x, argument),
        4 => Builtins.Log.Value(x, argument),
        5 => Builtins.Sin.Value(x, argument),
        6 => Builtins.Cos.Value(x, argument),
        7 => Builtins.Sqrt.Value(x, argument),
        8 => Builtins.Tanh.Value(x, argument),
        9 => Builtins.Abs.Value(x, argument),
        _ => Builtins.Pow.Value(x, argument),
    };
}
