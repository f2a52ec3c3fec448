namespace TensorLogic.Backends.Gpu.Relational;

public enum JoinSide
{
    /// <summary>The relation whose tuples probe (ΔR in semi-naive evaluation).</summary>
    Left,

    /// <summary>The indexed relation whose matches are looked up (the edges E).</summary>
    Right,
}

/// <summary>One column of a join's head tuple: which body relation it is copied from, and which of its columns.</summary>
public readonly record struct HeadColumn(JoinSide Side, int Column)
{
    public static HeadColumn Left(int column) => new(JoinSide.Left, column);

    public static HeadColumn Right(int column) => new(JoinSide.Right, column);
}
