using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Parsing;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Tlc.Commands;

/// <summary>The start of the syntax-only verbs (fmt, parse): read a FILE argument and parse it, reporting problems.</summary>
internal static class ParsedFile
{
    /// <summary>The source and its tree; null after reporting, with the exit code to return, when it cannot be read or has syntax errors.</summary>
    public static (SourceText Source, CompilationUnit Unit)? Read(string path, DiagnosticWriter diagnostics, out int exitCode)
    {
        exitCode = ExitCodes.Success;
        if (SourceFiles.Read(path, out var failure) is not { } source)
        {
            diagnostics.Write(failure!);
            exitCode = Report.Finish(diagnostics, inputUnreadable: true);
            return null;
        }
        var bag = new DiagnosticBag();
        var unit = SyntaxParser.Parse(source, bag);
        diagnostics.Write(Report.Sorted(bag));
        if (!diagnostics.HasErrors)
            return (source, unit);
        exitCode = Report.Finish(diagnostics, inputUnreadable: false);
        return null;
    }
}
