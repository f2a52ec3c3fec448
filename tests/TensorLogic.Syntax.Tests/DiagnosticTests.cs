using TensorLogic.Syntax.Formatting;
using static TensorLogic.Syntax.Tests.Infrastructure.Snippets;

namespace TensorLogic.Syntax.Tests;

/// <summary>
/// Syntax errors exactly as the user sees them: position, id, message, the source line with a caret under
/// the span, and the help line. Statements with errors are left out of the tree; the others are kept.
/// </summary>
public sealed class DiagnosticTests
{
    private static void AssertErrors(string source, string expected) =>
        Assert.Equal(expected.ReplaceLineEndings("\n"), Errors(source));

    [Fact]
    public void Unexpected_character()
    {
        AssertErrors("Y = X @ Z", """
            test.tl:1:7: error TL1001: unexpected character '@'
             1 | Y = X @ Z
               |       ^

            """);
    }

    [Fact]
    public void Unterminated_string()
    {
        AssertErrors("M = \"abc\nN = M", """
            test.tl:1:5: error TL1002: unterminated string
             1 | M = "abc
               |     ^~~~
              = help: add the closing '"' on the same line

            """);
    }

    [Fact]
    public void Unmatched_closing_bracket()
    {
        AssertErrors("Y = X[i]]", """
            test.tl:1:9: error TL1015: ']' closes no open bracket
             1 | Y = X[i]]
               |         ^
              = help: remove it, or add the opening bracket it was meant to close

            """);
    }

    [Fact]
    public void Unmatched_closing_parenthesis_as_in_the_papers_attention_equation()
    {
        AssertErrors("Comp[p, p'.] = softmax(Query[p, dk]) Key[p', dk] / sqrt(Dk))", """
            test.tl:1:60: error TL1015: ')' closes no open bracket
             1 | Comp[p, p'.] = softmax(Query[p, dk]) Key[p', dk] / sqrt(Dk))
               |                                                            ^
              = help: remove it, or add the opening bracket it was meant to close

            """);
    }

    [Fact]
    public void Unclosed_bracket_is_reported_once_at_the_bracket()
    {
        AssertErrors("Y = sig(X[i]", """
            test.tl:1:8: error TL1014: '(' is never closed
             1 | Y = sig(X[i]
               |        ^
              = help: add ')'

            """);
    }

    [Fact]
    public void Unclosed_bracket_swallows_the_following_lines()
    {
        // Line breaks inside brackets are ignored, so the next line is read as part of the bracket.
        AssertErrors("A(x) <- B(x\nC = D", """
            test.tl:1:10: error TL1014: '(' is never closed
             1 | A(x) <- B(x
               |          ^
              = help: add ')'
            test.tl:2:3: error TL1003: unexpected '='
             2 | C = D
               |   ^
              = help: expected ')' or ','

            """);
    }

    [Fact]
    public void Missing_right_hand_side()
    {
        AssertErrors("Y = ", """
            test.tl:1:4: error TL1003: unexpected end of input
             1 | Y = 
               |    ^
              = help: expected '-', '(', '[', a number, an integer, a string or a name

            """);
    }

    [Fact]
    public void A_statement_cannot_begin_with_an_operator()
    {
        AssertErrors("Y = A\n+ B", """
            test.tl:2:1: error TL1003: unexpected '+'
             2 | + B
               | ^

            """);
    }

    [Fact]
    public void A_word_other_than_not_before_an_atom()
    {
        AssertErrors("Q(x) <- P(x), never R(x)", """
            test.tl:1:15: error TL1005: unexpected 'never' before an atom
             1 | Q(x) <- P(x), never R(x)
               |               ^~~~~
              = help: write 'not' to negate an atom, or separate the atoms of a rule body with ','

            """);
    }

    [Fact]
    public void Unknown_statement_word_before_a_string()
    {
        AssertErrors("include \"lib.tl\"", """
            test.tl:1:1: error TL1006: unknown statement word 'include'
             1 | include "lib.tl"
               | ^~~~~~~
              = help: a line that starts with a name followed by a string must be an import: import "file.tl"

            """);
    }

    [Fact]
    public void Non_index_argument_of_an_atom()
    {
        AssertErrors("Agg[n] = Neig(n, Z[n'])", """
            test.tl:1:18: error TL1007: argument of relation 'Neig' must be an index (a variable, a constant or index arithmetic)
             1 | Agg[n] = Neig(n, Z[n'])
               |                  ^~~~~
              = help: relations written with parentheses are Boolean tensors indexed by their arguments; to call a function, use a lowercase name

            """);
    }

    [Fact]
    public void Fractional_argument_of_an_atom()
    {
        AssertErrors("A(x) <- B(1.5)", """
            test.tl:1:11: error TL1007: argument of relation 'B' must be an index (a variable, a constant or index arithmetic)
             1 | A(x) <- B(1.5)
               |           ^~~
              = help: relations written with parentheses are Boolean tensors indexed by their arguments; to call a function, use a lowercase name

            """);
    }

    [Fact]
    public void String_argument_of_a_function()
    {
        AssertErrors("Y = f(\"s\")", """
            test.tl:1:7: error TL1008: function 'f' cannot take a string argument
             1 | Y = f("s")
               |       ^~~

            """);
    }

    [Fact]
    public void Virtual_index_as_a_function_argument()
    {
        AssertErrors("Y = sig(*t)", """
            test.tl:1:9: error TL1009: function 'sig' cannot take a virtual index
             1 | Y = sig(*t)
               |         ^~
              = help: virtual indices ('*t') belong inside a tensor's brackets

            """);
    }

    [Fact]
    public void Numbers_out_of_range()
    {
        AssertErrors("Y = 1e999\nX[99999999999] = 1", """
            test.tl:1:5: error TL1010: number '1e999' is out of range
             1 | Y = 1e999
               |     ^~~~~
            test.tl:2:3: error TL1010: integer '99999999999' is too large for an index
             2 | X[99999999999] = 1
               |   ^~~~~~~~~~~

            """);
    }

    [Fact]
    public void Normalization_dot_on_the_right_hand_side()
    {
        AssertErrors("Y[p, q] = softmax(X[p, q.])", """
            test.tl:1:25: error TL1011: a normalization dot ('p'.') marks an axis of the left-hand side only
             1 | Y[p, q] = softmax(X[p, q.])
               |                         ^
              = help: remove the '.' here and mark the axis on the equation's left-hand side

            """);
    }

    [Fact]
    public void Normalization_dot_in_a_query()
    {
        AssertErrors("Y[p.]?", """
            test.tl:1:4: error TL1011: a normalization dot ('p'.') marks an axis of the left-hand side only
             1 | Y[p.]?
               |    ^
              = help: remove the '.' here and mark the axis on the equation's left-hand side

            """);
    }

    [Fact]
    public void Slice_on_the_left_hand_side()
    {
        AssertErrors("Y[4:8] = X[i]", """
            test.tl:1:3: error TL1012: a slice cannot appear on the left-hand side of an equation
             1 | Y[4:8] = X[i]
               |   ^~~
              = help: slice the right-hand side instead: Y[k] = X[4:8]

            """);
    }

    [Fact]
    public void Unknown_escape_in_a_string()
    {
        AssertErrors("M = \"C:\\data\\x.txt\"", """
            test.tl:1:8: error TL1013: unknown escape '\d' in a string
             1 | M = "C:\data\x.txt"
               |        ^~
              = help: the escapes are \", \\, \n and \t; write paths with '/'
            test.tl:1:13: error TL1013: unknown escape '\x' in a string
             1 | M = "C:\data\x.txt"
               |             ^~
              = help: the escapes are \", \\, \n and \t; write paths with '/'

            """);
    }

    [Fact]
    public void Virtual_index_in_a_rule()
    {
        AssertErrors("A(*x) <- B(x)", """
            test.tl:1:3: error TL1016: a virtual index cannot appear in 'A(...)' here
             1 | A(*x) <- B(x)
               |   ^~

            """);
    }

    [Fact]
    public void File_write_with_a_projection_operator()
    {
        AssertErrors("\"out.npy\" += W", """
            test.tl:1:11: error TL1017: a file is written with '=', not with a projection operator
             1 | "out.npy" += W
               |           ^~

            """);
    }

    [Fact]
    public void Several_errors_in_one_file_are_all_reported_in_order()
    {
        const string source = """
            W = [0.2, 1.9, -0.7, 3]
            Y = X @ W
            Z = relu(...)
            Q(x) <- P(x), never R(x)
            V = sig(*t)
            ok = W
            Pooled[x/S, y/S] = Features[x, y], etc.
            M = "a\qb"
            K = W[i]]
            "out.npy" max= W
            """;

        AssertErrors(source, """
            test.tl:2:7: error TL1001: unexpected character '@'
             2 | Y = X @ W
               |       ^
            test.tl:3:10: error TL1003: unexpected '.'
             3 | Z = relu(...)
               |          ^
              = help: expected '-', '(', a number, an integer or a name
            test.tl:4:15: error TL1005: unexpected 'never' before an atom
             4 | Q(x) <- P(x), never R(x)
               |               ^~~~~
              = help: write 'not' to negate an atom, or separate the atoms of a rule body with ','
            test.tl:5:9: error TL1009: function 'sig' cannot take a virtual index
             5 | V = sig(*t)
               |         ^~
              = help: virtual indices ('*t') belong inside a tensor's brackets
            test.tl:7:34: error TL1003: unexpected ','
             7 | Pooled[x/S, y/S] = Features[x, y], etc.
               |                                  ^
              = help: expected end of input, '.' or end of line
            test.tl:8:7: error TL1013: unknown escape '\q' in a string
             8 | M = "a\qb"
               |       ^~
              = help: the escapes are \", \\, \n and \t; write paths with '/'
            test.tl:9:9: error TL1015: ']' closes no open bracket
             9 | K = W[i]]
               |         ^
              = help: remove it, or add the opening bracket it was meant to close
            test.tl:10:11: error TL1017: a file is written with '=', not with a projection operator
             10 | "out.npy" max= W
                |           ^~~~

            """);
    }

    [Fact]
    public void Statements_with_errors_are_left_out_and_the_others_kept()
    {
        const string source = """
            W = [0.2, 1.9, -0.7, 3]
            Y = X @ W
            Z = relu(...)
            ok = W
            Pooled[x/S, y/S] = Features[x, y], etc.
            Y?
            """;

        var (unit, diagnostics) = Parse(source);

        Assert.Equal(3, diagnostics.Count);
        // The stray '@' is skipped by the lexer, so "Y = X W" still parses; the diagnostic still fails the build.
        Assert.Equal("W = [0.2, 1.9, -0.7, 3]\nY = X W\nok = W\nY?\n", Formatter.Format(unit));
    }

    /// <summary>
    /// An error found between statements (after "Y = relu(X)" here) used to end the parse: everything after
    /// it was dropped without a word. Parsing now resumes at the next statement.
    /// </summary>
    [Fact]
    public void Parsing_resumes_after_an_error_between_statements()
    {
        var (unit, diagnostics) = Parse("A = B\n, C\nD = E\nY = relu(X), etc.\nF = ]\nG = H");

        Assert.Equal("A = B\nD = E\nG = H\n", Formatter.Format(unit));
        Assert.Equal(["TL1003", "TL1003", "TL1015"], diagnostics.ToSortedArray().Select(d => d.Id));
    }

    [Fact]
    public void Dots_inside_brackets_do_not_end_the_skipped_statement()
    {
        var (unit, _) = Parse("Y = X, f(a. b). Z = W");

        Assert.Equal("Z = W\n", Formatter.Format(unit));
    }

    [Fact]
    public void Diagnostics_are_sorted_by_position_whatever_stage_found_them()
    {
        // TL1002 and TL1001 come from the token filter, TL1013 from the tree builder, TL1015 from the parser.
        var (_, diagnostics) = Parse("K = W[i]]\nM = \"a\\qb\"\nY = X @ W\nN = \"open");

        Assert.Equal(["TL1015", "TL1013", "TL1001", "TL1002"], diagnostics.ToSortedArray().Select(d => d.Id));
    }
}
