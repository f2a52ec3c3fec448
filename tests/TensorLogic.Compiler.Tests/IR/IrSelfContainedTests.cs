using System.Collections.Immutable;
using System.Reflection;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Tests.IR;

/// <summary>
/// The IR is self-contained: no IR node, followed through its properties, holds a part of the bound tree,
/// so engines evaluate equations from the IR alone.
/// </summary>
public class IrSelfContainedTests
{
    private static readonly Type[] BoundTypes =
        [typeof(BoundEquation), typeof(BoundTerm), typeof(BoundExpression), typeof(BoundIndex), typeof(BoundTensorRef), typeof(IndexVariable), typeof(OuterFunction)];

    [Fact]
    public void Ir_nodes_hold_no_bound_tree_type()
    {
        var irTypes = typeof(IrProgram).Assembly.GetTypes().Where(t => t.Namespace == typeof(IrProgram).Namespace).ToHashSet();
        var seen = new HashSet<Type>();
        var offenders = new List<string>();
        var pending = new Queue<Type>(irTypes.Where(t => t.IsPublic));
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type))
                continue;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                foreach (var held in Held(property.PropertyType))
                {
                    if (BoundTypes.Any(b => b.IsAssignableFrom(held)))
                        offenders.Add($"{type.Name}.{property.Name}: {held.Name}");
                    else if (irTypes.Contains(held))
                        pending.Enqueue(held);
                }
            }
        }
        Assert.Contains(typeof(IrEquation), seen);
        Assert.Contains(typeof(IrArithmeticIndex), seen);
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    /// <summary>A property's type and, for arrays, nullables and generic collections, the types it holds.</summary>
    private static IEnumerable<Type> Held(Type type)
    {
        yield return type;
        if (type.IsArray)
        {
            foreach (var element in Held(type.GetElementType()!))
                yield return element;
        }
        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            foreach (var element in Held(argument))
                yield return element;
        }
    }
}
