using System.Collections.Immutable;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Data;

/// <summary>
/// What a data file holds, before it is given a meaning. The binder reads files while it infers domains,
/// because symbols are interned in order of first appearance across the program text and its data, and
/// sizes come from data as much as from literals. The same content then initializes the tensor at run time.
/// </summary>
public abstract record DataContent(string Path);

/// <summary>The element type stored in a dense file such as <c>.npy</c>.</summary>
public enum DenseElementKind
{
    Boolean,
    Integer,
    Real,
}

/// <summary>
/// A dense array in row-major (C) order, as read from <c>.npy</c>. A float32 file keeps its values as they
/// are (<see cref="Singles"/>): a float32 engine then reads them without a copy in double and a conversion
/// back, which for large inputs cost more than the arithmetic. <see cref="Values"/> widens them on first use.
/// </summary>
public sealed record DenseContent(string Path, ImmutableArray<int> Shape, DenseElementKind Kind) : DataContent(Path)
{
    private double[]? _values;

    public DenseContent(string path, ImmutableArray<int> shape, double[] values, DenseElementKind kind)
        : this(path, shape, kind) => _values = values;

    public DenseContent(string path, ImmutableArray<int> shape, float[] singles)
        : this(path, shape, DenseElementKind.Real) => Singles = singles;

    /// <summary>The values in double (widened from <see cref="Singles"/> when first asked for).</summary>
    public double[] Values
    {
        get => _values ??= Widening.ToDoubles(Singles!);
        init => _values = value;
    }

    /// <summary>The values as the file held them, when it held float32; null otherwise.</summary>
    public float[]? Singles { get; init; }
}

/// <summary>float32 values seen as double, for the code that computes in double.</summary>
public static class Widening
{
    public static double[] ToDoubles(float[] singles)
    {
        var doubles = new double[singles.Length];
        for (var i = 0; i < singles.Length; i++)
            doubles[i] = singles[i];
        return doubles;
    }
}

/// <summary>One field of a table, as its text and value: for messages and tests (the table itself keeps values by column).</summary>
public readonly record struct DataCell(string Text, long? Integer, double? Number)
{
    public bool IsInteger => Integer.HasValue;
    public bool IsNumber => Number.HasValue;

    public override string ToString() => Text;
}

/// <summary>A <c>.txt</c> file split on whitespace: word i is at position i (the paper's "Alice loves Bob").</summary>
public sealed record WordsContent(string Path, ImmutableArray<string> Words) : DataContent(Path);
