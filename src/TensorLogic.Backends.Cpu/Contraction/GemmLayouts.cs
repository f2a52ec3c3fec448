using System.Collections.Concurrent;
using System.Text;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// The <see cref="GemmLayout"/> of each step shape met in this process. A layout is a pure function of the
/// three operands' index lists (ids, names, sizes), and every session lowers its program anew, so without
/// this each fresh Session of the same program chose the same layouts again: about 7 µs a step, a third of
/// planner-pqrs's first evaluation. Bounded, since a long-lived process may see many programs.
/// </summary>
internal static class GemmLayouts
{
    private const int MaxEntries = 4096;

    private static readonly ConcurrentDictionary<string, GemmLayout> Known = new();

    public static GemmLayout For(IrOperand left, IrOperand right, IrOperand result)
    {
        var key = new StringBuilder();
        foreach (var operand in (ReadOnlySpan<IrOperand>)[left, right, result])
        {
            foreach (var index in operand.Indices)
                key.Append(index.Id).Append(':').Append(index.Name).Append(':').Append(index.Size).Append(',');
            key.Append('|');
        }
        var text = key.ToString();
        if (Known.TryGetValue(text, out var layout))
            return layout;
        layout = GemmLayout.Choose(left, right, result);
        if (Known.Count < MaxEntries)
            Known.TryAdd(text, layout);
        return layout;
    }
}
