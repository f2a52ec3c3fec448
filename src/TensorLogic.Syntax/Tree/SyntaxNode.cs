using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Tree;

/// <summary>
/// Base of the immutable syntax tree. Every node knows the span of source it was parsed from, so that any
/// later stage (binder, IR, a kernel on a GPU) can point a diagnostic at the .tl line it came from.
/// </summary>
public abstract record SyntaxNode(TextSpan Span);

/// <summary>
/// A name as written, with primes normalized to ASCII (<c>p′</c> becomes <c>p'</c>). Case carries meaning:
/// capitalized names are tensors and constants, lowercase names are index variables and functions. A name
/// qualified by module instances (<c>enc.Hidden</c>) takes its case from its last part.
/// </summary>
public sealed record Identifier(string Text, TextSpan Span) : SyntaxNode(Span)
{
    public bool IsCapitalized => LastPart.Length > 0 && char.IsUpper(LastPart[0]);

    /// <summary>True for a name with a module prefix, <c>enc.Hidden</c>.</summary>
    public bool IsQualified => Text.Contains('.');

    /// <summary>The name without its module prefix: <c>Hidden</c> for <c>enc.Hidden</c>.</summary>
    public string LastPart => Text[(Text.LastIndexOf('.') + 1)..];

    /// <summary>The first part of a qualified name, the module alias: <c>enc</c> for <c>enc.b.Out</c>; null if unqualified.</summary>
    public string? Qualifier => IsQualified ? Text[..Text.IndexOf('.')] : null;

    public override string ToString() => Text;
}

/// <summary>A quoted string, unescaped: a file path, or a symbol constant such as <c>"New York"</c>.</summary>
public sealed record StringLiteral(string Value, TextSpan Span) : SyntaxNode(Span);
