using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

/// <summary>What the binder has learned about one tensor so far; becomes a <see cref="TensorSymbol"/>.</summary>
internal sealed class TensorInfo(TensorSymbol symbol)
{
    public TensorSymbol Symbol { get; } = symbol;
    public string Name => Symbol.Name;

    /// <summary>The stored rank (virtual positions excluded), or -1 before any reference fixed it.</summary>
    public int Rank { get; set; } = -1;
    public SourceLocation? RankLocation { get; set; }
    public DomainNode[] Positions { get; set; } = [];

    public int VirtualPosition { get; set; } = -1;

    /// <summary>The domain of the virtual (loop) index, shared by every equation that loops over this tensor.</summary>
    public DomainNode? VirtualNode { get; set; }
    public SourceLocation? VirtualLocation { get; set; }

    public SourceLocation? BooleanEvidence { get; set; }
    public string? BooleanReason { get; set; }
    public DeclarationStatement? Declaration { get; set; }
    public SourceLocation? DeclarationLocation { get; set; }
    public ElementType? DeclaredType { get; set; }

    public bool HasData { get; set; }
    public bool HasEquations { get; set; }
    public int DefinitionCount { get; set; }
    public SourceLocation? FirstRead { get; set; }
    public bool IsOutput { get; set; }
    public SourceLocation? LiteralLocation { get; set; }

    /// <summary>
    /// Named by <c>learn ... wrt</c> or <c>init</c>: a tensor whose values training gives, so having neither data
    /// nor equations nor a declaration does not make it unknown.
    /// </summary>
    public bool IsParameter { get; set; }

    public bool IsDefined => HasData || HasEquations || Declaration is not null || Symbol.ConstantValue is not null || IsParameter;
}
