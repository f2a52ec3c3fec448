using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Relational;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// A plain rule outside recursion (<c>Grandparent(x, z) &lt;- Parent(x, y), Parent(y, z)</c>) over relations
/// too large to lay out densely: the device joins their sorted keys (<see cref="GpuRule"/>) and the head's
/// tuples come back as the result's reached cells.
/// </summary>
internal sealed class GpuRuleKernel(GpuRule rule, GpuDevice device, ILGPU.Runtime.AcceleratorStream stream) : IEquationKernel<float>, IDescribedKernel
{
    public string Kind => "device join";

    public double Flops => 0;

    public string Specialization => string.Join("\n", rule.Description);

    public EquationResult<float> Evaluate(IKernelContext<float> context, IReadOnlyDictionary<int, int>? pins)
    {
        var relations = new DeviceRelations(device, stream);
        var uploaded = new Dictionary<TensorSymbol, DeviceRelation>();
        try
        {
            DeviceRelation RelationOf(TensorSymbol tensor)
            {
                if (!uploaded.TryGetValue(tensor, out var relation))
                    uploaded[tensor] = relation = relations.Upload(GpuSemiNaive.ShapeOf(tensor), context.Relation(tensor).Tuples);
                return relation;
            }
            using var derived = rule.Derive(relations, RelationOf, (tensor, columns) => (relations.IndexForJoin(RelationOf(tensor), columns), false));
            return EquationResult<float>.Sparse([.. derived.ToTuples().Select(tuple => (tuple, 1.0))]);
        }
        finally
        {
            foreach (var relation in uploaded.Values)
                relation.Dispose();
        }
    }
}
