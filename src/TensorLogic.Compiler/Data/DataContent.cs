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

/// <summary>A dense array in row-major (C) order, as read from <c>.npy</c>.</summary>
public sealed record DenseContent(string Path, ImmutableArray<int> Shape, double[] Values, DenseElementKind Kind)
    : DataContent(Path);

/// <summary>One field of a table, as its text and value: for messages and tests (the table itself keeps values by column).</summary>
public readonly record struct DataCell(string Text, long? Integer, double? Number)
{
    public bool IsInteger => Integer.HasValue;
    public bool IsNumber => Number.HasValue;

    public override string ToString() => Text;
}

/// <summary>A <c>.txt</c> file split on whitespace: word i is at position i (the paper's "Alice loves Bob").</summary>
public sealed record WordsContent(string Path, ImmutableArray<string> Words) : DataContent(Path);
