namespace TensorLogic.Syntax.Parsing;

/// <summary>
/// How deep a program may nest. Every stage after the parser (binder, folding, lowering, printers) walks
/// expressions recursively, and so does ANTLR's parser, one call per level; a pathological input (10,000
/// parentheses, a sum of 100,000 terms) would overflow the stack, which ends the process with no diagnostic.
/// Inputs past these limits get TL1018 instead, before any deep recursion starts.
/// </summary>
public static class NestingLimits
{
    /// <summary>
    /// Open brackets, runs of prefix minus and chains of <c>^</c>: what makes the parser recurse. Each level
    /// costs the generated parser several calls, hence a lower limit than <see cref="MaxExpressionDepth"/>.
    /// </summary>
    public const int MaxParserNesting = 256;

    /// <summary>
    /// Levels of a built expression tree. A chain <c>a + b + c</c> is a left-deep tree, one level per operator,
    /// so this also bounds the length of one chain.
    /// </summary>
    public const int MaxExpressionDepth = 1000;
}
