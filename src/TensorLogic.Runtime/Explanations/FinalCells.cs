using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Explanations;

/// <summary>The finished run, as the reference's term evaluator reads it.</summary>
internal sealed class FinalCells(Func<TensorSymbol, TensorValue> final) : ICellReader
{
    public double Get(TensorSymbol tensor, ReadOnlySpan<int> cell) => final(tensor).Get(cell);

    public IReadOnlyList<int[]> Match(TensorSymbol tensor, ReadOnlySpan<int> pattern)
    {
        var value = final(tensor);
        if (value is Relation relation)
            return relation.Match(pattern);
        // An engine may hand a Boolean tensor back dense (0/1); its true cells are its non-zeros.
        var wanted = pattern.ToArray();
        return [.. value.NonZeros().Select(n => n.Cell).Where(cell => cell.Select((v, p) => wanted[p] < 0 || wanted[p] == v).All(b => b))];
    }
}
