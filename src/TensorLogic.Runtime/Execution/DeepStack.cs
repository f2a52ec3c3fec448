using System.Runtime.ExceptionServices;

namespace TensorLogic.Runtime.Execution;

/// <summary>
/// Runs work whose recursion follows the data (backward chaining nests one call per subgoal along a path)
/// on a thread with a stack far deeper than the process's main one. Only touched pages of the stack are
/// ever committed, so the reservation costs address space, not memory.
/// </summary>
internal static class DeepStack
{
    // About 1.3 KB of stack per nested subgoal: 512 MB holds some 400,000 levels, against about 6,000 on
    // the main thread's 8 MB.
    private const int StackBytes = 512 << 20;

    [ThreadStatic]
    private static bool t_onDeepStack;

    public static TResult Run<TResult>(Func<TResult> work)
    {
        if (t_onDeepStack)
            return work();
        TResult? result = default;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            t_onDeepStack = true;
            try
            {
                result = work();
            }
            catch (Exception exception)
            {
                failure = ExceptionDispatchInfo.Capture(exception);
            }
        }, StackBytes)
        {
            Name = "TensorLogic backward chaining",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }
}
