using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Tree;

/// <summary>
/// One <c>name=value</c> of a <c>with</c> list: a learning directive's setting, e.g. <c>lr=0.01</c> or
/// <c>optimizer=adam</c>, or an import's argument, e.g. <c>Hidden=64</c> or <c>X=Features</c>. The syntax knows
/// no setting names: which exist and what values they take is the binder's (or the loader's) business.
/// </summary>
public sealed record Setting(Identifier Name, SettingValue Value, TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// A setting's value. <see cref="Text"/> keeps it as written (a string without its quotes), so that the
/// formatter prints <c>1e-8</c> as <c>1e-8</c> and messages quote the user's own spelling.
/// </summary>
public abstract record SettingValue(string Text, TextSpan Span) : SyntaxNode(Span);

/// <summary>A number, possibly negative: <c>0.01</c>, <c>200</c>, <c>-1</c>, <c>1e-8</c>.</summary>
public sealed record NumberSettingValue(double Value, string Text, TextSpan Span) : SettingValue(Text, Span)
{
    /// <summary>True when written without a fraction or exponent, as counts (<c>epochs=200</c>) must be.</summary>
    public bool IsInteger => Text.TrimStart('-').All(char.IsAsciiDigit);
}

/// <summary>A name: a choice (<c>adam</c>), an index variable (<c>e</c>) or a tensor (<c>O</c>).</summary>
public sealed record NameSettingValue(Identifier Name, TextSpan Span) : SettingValue(Name.Text, Span);

/// <summary>A quoted string, unescaped: <c>"runs/a"</c>.</summary>
public sealed record StringSettingValue(string Value, TextSpan Span) : SettingValue(Value, Span);
