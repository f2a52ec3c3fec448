namespace TensorLogic.Syntax.Tree;

/// <summary>
/// The depth of an expression tree, measured with an explicit stack: this walk is what decides whether a
/// tree is too deep for the recursive walks after it, so it must not recurse itself.
/// </summary>
public static class ExpressionDepth
{
    /// <summary>
    /// A node of <paramref name="root"/> (an <see cref="Expression"/> or <see cref="IndexExpression"/>) more than
    /// <paramref name="limit"/> levels down, where a diagnostic can point; null when the tree is within the limit.
    /// </summary>
    public static SyntaxNode? FirstBelow(SyntaxNode root, int limit)
    {
        var pending = new Stack<(SyntaxNode Node, int Depth)>();
        pending.Push((root, 1));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            if (depth > limit)
                return node;
            foreach (var child in Children(node))
                pending.Push((child, depth + 1));
        }
        return null;
    }

    private static IEnumerable<SyntaxNode> Children(SyntaxNode node) => node switch
    {
        BinaryExpression binary => [binary.Left, binary.Right],
        NegateExpression negate => [negate.Operand],
        CallExpression call => call.Arguments,
        TensorExpression tensor => tensor.Reference.Indices.SelectMany(IndexChildren),
        IndexBinary binary => [binary.Left, binary.Right],
        IndexNegate negate => [negate.Operand],
        _ => [],
    };

    private static IEnumerable<SyntaxNode> IndexChildren(IndexItem item) => item switch
    {
        PlainIndex plain => [plain.Expression],
        VirtualIndex virtualIndex => [virtualIndex.Expression],
        SliceIndex slice => new SyntaxNode?[] { slice.From, slice.To }.OfType<SyntaxNode>(),
        _ => [],
    };
}
