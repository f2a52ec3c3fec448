namespace TensorLogic.Compiler.Semantics;

/// <summary>The type of a tensor's elements.</summary>
public enum ElementType
{
    /// <summary>Real numbers: tensors written with square brackets, literals, real data. Stored as doubles.</summary>
    Real,

    /// <summary>Booleans: relations, facts, rule heads, anything written with parentheses or declared <c>bool</c>.</summary>
    Boolean,

    /// <summary>Integers, only by declaration (<c>Count : int[Person]</c>); computed as reals and printed rounded.</summary>
    Integer,
}
