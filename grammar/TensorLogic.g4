// The single source of Tensor Logic's syntax. The C# parser in src/TensorLogic.Syntax/Generated is
// generated from this file by tools/antlr/generate.sh; never edit the generated files by hand.
//
// The grammar is deliberately target-neutral (no actions or predicates): everything that needs context,
// such as ignoring newlines inside brackets or telling 'not' from an index variable, is done in C# by the
// token filter and the syntax builder.
grammar TensorLogic;

// ---------------------------------------------------------------- statements

program
    : statementEnd* (statement (statementEnd+ statement)* statementEnd*)? EOF
    ;

// A statement ends at a newline or at a '.' outside brackets (Datalog style).
statementEnd
    : NEWLINE
    | DOT
    ;

statement
    : declaration
    | importStatement
    | directive
    | query
    | datalogRule
    | fileWrite
    | equation
    | factList
    ;

// Parent : bool[Person, Person]     W : real[4, 8]     Loss : real
declaration
    : ID COLON ID (LBRACK dimension (COMMA dimension)* RBRACK)?
    ;

dimension
    : INT
    | ID
    ;

// import "lib/rules.tl"   import "std/nn.tl" as enc with X=Features, Hidden=64
// The words (import, as, with) and what each list may hold are checked by the syntax builder.
importStatement
    : ID STRING (ID directiveList)*
    ;

// The learning directives: learn Loss wrt W1, B1 with lr=0.01, epochs=200   fixed T, Scale   init W with scheme=he.
// A word, then its list, then more words each with a list. The words (learn, fixed, init, wrt, with) and
// which lists may hold settings are checked by the syntax builder, which can name a misspelt word.
directive
    : ID directiveList (ID directiveList)*
    ;

directiveList
    : directiveItem (COMMA directiveItem)*
    ;

// A tensor name (Loss, W1) or a setting (lr=0.01, optimizer=adam, examples=e, path="runs/a").
directiveItem
    : ID (ASSIGN settingValue)?
    ;

settingValue
    : MINUS? number
    | ID
    | STRING
    ;

// Y?   T[A, x]?   R(A, x)?
query
    : target QUESTION
    ;

// Ancestor(x, z) <- Ancestor(x, y), Parent(y, z)
datalogRule
    : atom ARROW bodyItem (COMMA bodyItem)*
    ;

bodyItem
    : NOT_SIGN atom                          # negatedAtom
    | ID atom                                # wordNegatedAtom
    | atom                                   # positiveAtom
    | indexExpr comparisonOp indexExpr       # comparison
    ;

comparisonOp
    : EQUAL
    | NOT_EQUAL
    | LESS
    | LESS_EQUAL
    | GREATER
    | GREATER_EQUAL
    ;

// "out.npy" = T
fileWrite
    : STRING projectionOp target
    ;

// T[i, j] = ...   T = "data.tsv"   W = [0.2, 1.9]
equation
    : target projectionOp rhs
    ;

projectionOp
    : ASSIGN
    | PLUS_ASSIGN
    | MAX_ASSIGN
    | MIN_ASSIGN
    | AVG_ASSIGN
    ;

rhs
    : STRING
    | tensorLiteral
    | expr
    ;

// Parent(Bob, Charlie)   or several on one line: X(1), X(2)
factList
    : atom (COMMA atom)*
    ;

// A tensor as written on the left of an equation or in a query.
target
    : ID LBRACK indexItem (COMMA indexItem)* RBRACK   # bracketTarget
    | atom                                           # atomTarget
    | ID                                             # scalarTarget
    ;

atom
    : ID LPAREN (argument (COMMA argument)*)? RPAREN
    ;

// Arguments of a call or of a Boolean atom; the syntax builder decides which by the name's case.
argument
    : STAR expr                              # virtualArgument
    | STRING                                 # stringArgument
    | expr                                   # plainArgument
    ;

// ---------------------------------------------------------------- indices

indexItem
    : STAR indexExpr                         # virtualIndex
    | from=indexExpr? COLON to=indexExpr?    # sliceIndex
    | indexExpr DOT?                         # plainIndex
    ;

indexExpr
    : indexTerm ((PLUS | MINUS) indexTerm)*
    ;

indexTerm
    : indexUnary ((STAR | SLASH | PERCENT) indexUnary)*
    ;

indexUnary
    : MINUS indexUnary
    | indexAtom
    ;

indexAtom
    : ID
    | INT
    | STRING
    | LPAREN indexExpr RPAREN
    ;

// ---------------------------------------------------------------- expressions

expr
    : term ((PLUS | MINUS) term)*
    ;

// Juxtaposition is the join. A juxtaposed factor may not begin with '-', so that "A - B" is a subtraction.
term
    : unary ((STAR | SLASH | PERCENT) unary | power)*
    ;

unary
    : MINUS unary
    | power
    ;

power
    : primary (CARET unary)?
    ;

primary
    : number                                 # numberPrimary
    | atom                                   # atomPrimary
    | ID LBRACK indexItem (COMMA indexItem)* RBRACK  # tensorPrimary
    | ID                                     # namePrimary
    | LPAREN expr RPAREN                     # parenPrimary
    ;

number
    : INT
    | FLOAT
    ;

tensorLiteral
    : LBRACK literalElement (COMMA literalElement)* RBRACK
    ;

literalElement
    : tensorLiteral
    | MINUS? number
    ;

// ---------------------------------------------------------------- tokens

ARROW         : '<-' | '\u2190' | ':-' ;
PLUS_ASSIGN   : '+=' ;
MAX_ASSIGN    : 'max=' ;
MIN_ASSIGN    : 'min=' ;
AVG_ASSIGN    : 'avg=' ;
EQUAL         : '==' ;
NOT_EQUAL     : '!=' | '\u2260' ;
LESS_EQUAL    : '<=' | '\u2264' ;
GREATER_EQUAL : '>=' | '\u2265' ;
LESS          : '<' ;
GREATER       : '>' ;
ASSIGN        : '=' ;
PLUS          : '+' ;
MINUS         : '-' | '\u2212' ;
STAR          : '*' | '\u2217' ;
SLASH         : '/' ;
PERCENT       : '%' ;
CARET         : '^' ;
LPAREN        : '(' ;
RPAREN        : ')' ;
LBRACK        : '[' ;
RBRACK        : ']' ;
COMMA         : ',' ;
COLON         : ':' ;
DOT           : '.' ;
QUESTION      : '?' ;
NOT_SIGN      : '\u00AC' ;

FLOAT         : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT ;
INT           : DIGITS ;
STRING        : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;
// A name, possibly qualified by the names of imported modules: W, p', enc.Hidden, enc.b.Out. A '.' with
// no letter right after it ends a statement (Parent(Bob, Charlie). or X = Y.) as before.
ID            : NAME_PART ('.' NAME_PART)* ;

LINE_COMMENT  : ('#' | '//') ~[\r\n]* -> skip ;
NEWLINE       : '\r'? '\n' | '\r' ;
WHITESPACE    : [ \t\f\u00A0\uFEFF]+ -> skip ;
UNKNOWN_CHAR  : . ;

fragment NAME_PART : LETTER (LETTER | [0-9])* PRIME* ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+\-]? DIGITS ;
fragment LETTER   : [a-zA-Z_\p{L}] ;
fragment PRIME    : '\'' | '\u2032' | '\u2033' ;
