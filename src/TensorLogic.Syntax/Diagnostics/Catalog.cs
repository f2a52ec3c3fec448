namespace TensorLogic.Syntax.Diagnostics;

/// <summary>
/// Every diagnostic the toolchain can report, in one place. Ids are stable: a retired id is never reused,
/// a new one takes the next free number of its range. docs/diagnostics.md documents each; a test checks
/// that the two agree.
/// TL1xxx syntax · TL2xxx names, types and shapes · TL3xxx stratification and recursion ·
/// TL4xxx planning and backends · TL5xxx run time and data · TL6xxx learning.
/// </summary>
public static class Catalog
{
    private static DiagnosticDescriptor Error(string id, string title) => new(id, DiagnosticSeverity.Error, title);

    private static DiagnosticDescriptor Warning(string id, string title) => new(id, DiagnosticSeverity.Warning, title);

    // ---- TL1xxx: syntax
    public static readonly DiagnosticDescriptor UnexpectedCharacter = Error("TL1001", "unexpected character");
    public static readonly DiagnosticDescriptor UnterminatedString = Error("TL1002", "unterminated string");
    public static readonly DiagnosticDescriptor UnexpectedToken = Error("TL1003", "unexpected token");
    public static readonly DiagnosticDescriptor MissingToken = Error("TL1004", "missing token");
    public static readonly DiagnosticDescriptor UnknownWordBeforeAtom = Error("TL1005", "unknown word before an atom");
    public static readonly DiagnosticDescriptor UnknownStatementWord = Error("TL1006", "unknown statement word");
    public static readonly DiagnosticDescriptor NotAnIndex = Error("TL1007", "argument of a relation is not an index");
    public static readonly DiagnosticDescriptor StringArgumentToFunction = Error("TL1008", "string argument to a function");
    public static readonly DiagnosticDescriptor VirtualArgumentToFunction = Error("TL1009", "virtual index as a function argument");
    public static readonly DiagnosticDescriptor InvalidNumber = Error("TL1010", "invalid number");
    public static readonly DiagnosticDescriptor MisplacedNormalizationDot = Error("TL1011", "normalization dot outside a left-hand side");
    public static readonly DiagnosticDescriptor MisplacedSlice = Error("TL1012", "slice on a left-hand side");
    public static readonly DiagnosticDescriptor InvalidEscape = Error("TL1013", "invalid escape in a string");
    public static readonly DiagnosticDescriptor UnclosedBracket = Error("TL1014", "unclosed bracket");
    public static readonly DiagnosticDescriptor UnmatchedClosingBracket = Error("TL1015", "unmatched closing bracket");
    public static readonly DiagnosticDescriptor MisplacedVirtualIndex = Error("TL1016", "virtual index where none is allowed");
    public static readonly DiagnosticDescriptor FileWriteOperator = Error("TL1017", "file write with a projection operator other than '='");
    public static readonly DiagnosticDescriptor NestedTooDeep = Error("TL1018", "expression nested too deeply");
    public static readonly DiagnosticDescriptor MalformedImport = Error("TL1019", "malformed import or module header");
    public static readonly DiagnosticDescriptor LineEndsEarly = Error("TL1020", "line ends before its statement does");

    // ---- TL2xxx: names, types, domains and shapes
    public static readonly DiagnosticDescriptor UnknownTensor = Error("TL2001", "unknown tensor");
    public static readonly DiagnosticDescriptor UnknownFunction = Error("TL2002", "unknown function");
    public static readonly DiagnosticDescriptor RankMismatch = Error("TL2003", "rank mismatch");
    public static readonly DiagnosticDescriptor TypeMismatch = Error("TL2004", "type mismatch");
    public static readonly DiagnosticDescriptor SizeMismatch = Error("TL2005", "index size mismatch");
    public static readonly DiagnosticDescriptor DomainKindMismatch = Error("TL2006", "symbols and numbers in one domain");
    public static readonly DiagnosticDescriptor FactWithVariable = Error("TL2007", "fact with a variable");
    public static readonly DiagnosticDescriptor UnsafeHeadVariable = Error("TL2008", "rule head variable not bound by the body");
    public static readonly DiagnosticDescriptor UnsafeNegation = Error("TL2009", "variable bound only under negation");
    public static readonly DiagnosticDescriptor ArgumentCount = Error("TL2010", "wrong number of arguments");
    public static readonly DiagnosticDescriptor MissingNormalizationAxis = Error("TL2011", "normalization without a dotted index");
    public static readonly DiagnosticDescriptor DotWithoutNormalization = Error("TL2012", "dotted index without a normalization");
    public static readonly DiagnosticDescriptor UnknownSize = Error("TL2013", "index size cannot be inferred");
    public static readonly DiagnosticDescriptor DuplicateDeclaration = Error("TL2014", "tensor declared twice");
    public static readonly DiagnosticDescriptor UnknownType = Error("TL2015", "unknown type name");
    public static readonly DiagnosticDescriptor RaggedLiteral = Error("TL2016", "ragged tensor literal");
    public static readonly DiagnosticDescriptor ConstantRedefined = Error("TL2017", "constant defined twice");
    public static readonly DiagnosticDescriptor PowerOfSum = Warning("TL2018", "power applied to a summed term");
    public static readonly DiagnosticDescriptor VirtualIndexMisuse = Error("TL2019", "invalid use of a virtual index");
    public static readonly DiagnosticDescriptor InvalidSlice = Error("TL2020", "invalid slice");
    public static readonly DiagnosticDescriptor InvalidConcat = Error("TL2021", "invalid concat");
    public static readonly DiagnosticDescriptor UnsupportedFileFormat = Error("TL2022", "unsupported file format");
    public static readonly DiagnosticDescriptor ImportNotFound = Error("TL2023", "imported file not found");
    public static readonly DiagnosticDescriptor ImportCycle = Error("TL2024", "import cycle");
    public static readonly DiagnosticDescriptor LowercaseTensorName = Error("TL2025", "tensor name starts with a lowercase letter");
    public static readonly DiagnosticDescriptor AssignToBuiltin = Error("TL2026", "definition of a built-in");
    public static readonly DiagnosticDescriptor UnboundIndexValue = Error("TL2027", "index value used outside its equation's indices");
    public static readonly DiagnosticDescriptor ComparisonKinds = Error("TL2028", "comparison of a symbol with a number");
    public static readonly DiagnosticDescriptor UnusedTensor = Warning("TL2029", "tensor never used");
    public static readonly DiagnosticDescriptor QueryOfUndefined = Warning("TL2030", "query of a tensor with no data or equations");
    public static readonly DiagnosticDescriptor BooleanAssignedReal = Error("TL2031", "Boolean tensor given real values");
    public static readonly DiagnosticDescriptor NonIntegerIndex = Error("TL2032", "index constant is not an integer");
    public static readonly DiagnosticDescriptor NegativeIndex = Error("TL2033", "negative index constant");
    public static readonly DiagnosticDescriptor FunctionAsTensor = Error("TL2034", "function used as a tensor");
    public static readonly DiagnosticDescriptor TensorAsFunction = Error("TL2035", "tensor used as a function");
    public static readonly DiagnosticDescriptor DuplicateLhsIndex = Warning("TL2036", "index repeated on a left-hand side");
    public static readonly DiagnosticDescriptor DeclarationConflict = Error("TL2037", "definition conflicts with the declaration");
    public static readonly DiagnosticDescriptor LiteralRedefined = Error("TL2038", "tensor literal given twice");
    public static readonly DiagnosticDescriptor LowercaseRelationName = Error("TL2039", "relation name starts with a lowercase letter");
    public static readonly DiagnosticDescriptor EmptyDomain = Error("TL2040", "index over an empty domain");
    public static readonly DiagnosticDescriptor NormalizationNotOutermost = Error("TL2041", "normalization or concat inside an expression");
    public static readonly DiagnosticDescriptor InvalidQueryIndex = Error("TL2042", "query index is not a variable or constant");
    public static readonly DiagnosticDescriptor SymbolArithmetic = Error("TL2043", "arithmetic on symbols");
    public static readonly DiagnosticDescriptor ScalarArgumentExpected = Error("TL2044", "argument must be a scalar");
    public static readonly DiagnosticDescriptor ConflictingAggregations = Error("TL2045", "conflicting aggregations of one tensor");
    public static readonly DiagnosticDescriptor UnexplainableGoal = Error("TL2046", "explanation goal is not an atom or a min=/max= cell");
    public static readonly DiagnosticDescriptor MissingModuleArgument = Error("TL2047", "module input or parameter not given");
    public static readonly DiagnosticDescriptor ModuleArgumentKind = Error("TL2048", "module argument of the wrong kind");
    public static readonly DiagnosticDescriptor UnknownModuleArgument = Error("TL2049", "argument the module does not take");
    public static readonly DiagnosticDescriptor ModuleAliasClash = Error("TL2050", "two imports with one name");
    public static readonly DiagnosticDescriptor ModuleDefinitionClash = Error("TL2051", "tensor defined both in a module and by its importer");
    public static readonly DiagnosticDescriptor UnknownModuleAlias = Error("TL2052", "unknown module name");

    // ---- TL3xxx: stratification and recursion
    public static readonly DiagnosticDescriptor UnstratifiableNegation = Error("TL3001", "negation through recursion");
    public static readonly DiagnosticDescriptor SelfReferentialUpdate = Error("TL3002", "self-referential update");
    public static readonly DiagnosticDescriptor RecursionThroughAggregate = Error("TL3003", "recursion through a non-monotone aggregate");
    public static readonly DiagnosticDescriptor RecursionThroughNormalization = Warning("TL3004", "recursion through a normalization");

    // ---- TL4xxx: planning and backends
    public static readonly DiagnosticDescriptor IntermediateTooLarge = Error("TL4001", "intermediate tensor over the memory cap");
    public static readonly DiagnosticDescriptor BackendDeclined = Warning("TL4002", "backend declined a kernel");
    public static readonly DiagnosticDescriptor DeviceUnavailable = Error("TL4003", "GPU device not available");
    public static readonly DiagnosticDescriptor DeviceMemoryExhausted = Error("TL4004", "out of device memory");

    // ---- TL5xxx: run time and data
    public static readonly DiagnosticDescriptor FileNotFound = Error("TL5001", "file not found");
    public static readonly DiagnosticDescriptor MalformedData = Error("TL5002", "malformed data file");
    public static readonly DiagnosticDescriptor DataShapeMismatch = Error("TL5003", "data does not match the declared shape");
    public static readonly DiagnosticDescriptor UnsupportedDataType = Error("TL5004", "unsupported data type in file");
    public static readonly DiagnosticDescriptor WriteFailed = Error("TL5005", "cannot write file");
    public static readonly DiagnosticDescriptor IterationLimit = Error("TL5006", "iteration limit reached");
    public static readonly DiagnosticDescriptor TensorTooLarge = Error("TL5007", "tensor too large");
    public static readonly DiagnosticDescriptor DataIndexOutOfRange = Error("TL5008", "data index outside the declared domain");
    public static readonly DiagnosticDescriptor CannotReadInput = Error("TL5009", "cannot read input file");
    public static readonly DiagnosticDescriptor NonFiniteValue = Warning("TL5010", "non-finite value");
    public static readonly DiagnosticDescriptor MemoryBudgetExceeded = Error("TL5011", "memory budget exceeded");
    public static readonly DiagnosticDescriptor TupleLimitReached = Error("TL5012", "tuple limit reached");
    public static readonly DiagnosticDescriptor TimeLimitReached = Error("TL5013", "time limit reached");

    // ---- TL6xxx: learning
    public static readonly DiagnosticDescriptor UnknownDirectiveTensor = Error("TL6001", "unknown tensor in a learning directive");
    public static readonly DiagnosticDescriptor UnknownSetting = Error("TL6002", "unknown setting");
    public static readonly DiagnosticDescriptor InvalidSettingValue = Error("TL6003", "invalid setting value");
    public static readonly DiagnosticDescriptor SeveralLearnStatements = Error("TL6004", "more than one learn statement");
    public static readonly DiagnosticDescriptor ConflictingDirectives = Error("TL6005", "conflicting directives for a tensor");
    public static readonly DiagnosticDescriptor NotLearnable = Error("TL6006", "tensor cannot be learned");
    public static readonly DiagnosticDescriptor BooleanLoss = Error("TL6007", "Boolean loss");
    public static readonly DiagnosticDescriptor MalformedDirective = Error("TL6008", "malformed learning directive");
    public static readonly DiagnosticDescriptor RedundantFixed = Warning("TL6009", "fixed tensor that is never learned anyway");

    // TL6010 on: gradients and training
    public static readonly DiagnosticDescriptor LossNotScalar = Error("TL6010", "loss is not a real scalar");
    public static readonly DiagnosticDescriptor LossIndependent = Error("TL6011", "loss does not depend on the tensor");
    public static readonly DiagnosticDescriptor NotDifferentiable = Error("TL6012", "equation cannot be differentiated");
    public static readonly DiagnosticDescriptor NoGradient = Warning("TL6013", "learned tensor receives no gradient");
    public static readonly DiagnosticDescriptor UnknownGradientTensor = Error("TL6014", "unknown tensor named on the command line");
    public static readonly DiagnosticDescriptor NonFiniteLoss = Error("TL6015", "loss is not finite");

    public static IEnumerable<DiagnosticDescriptor> All =>
        typeof(Catalog).GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);
}
