namespace TensorLogic.Tlc.Commands;

/// <summary>
/// Ctrl-C while a submission is checked or answered: the signal is caught (the process stays) and the query's token is cancelled;
/// the runtime checks it between equations, iterations and every so many loop steps, and stops with OperationCanceledException.
/// A Ctrl-C that comes after a line was submitted but before its work began (the newline drawn, the history
/// written) is kept for that work, which then stops at once; one that comes after a query ended and before
/// the next prompt is forgotten when the prompt appears. At the prompt the line editor reads Ctrl-C as a key.
/// </summary>
internal sealed class ReplCancellation : IDisposable
{
    private readonly bool _listening;
    private CancellationTokenSource? _running;
    // 1 while a Ctrl-C waits for work to stop. Set before the running token is read, and read after a new
    // token is published, both with full fences: a press can never fall between the two unseen.
    private int _pending;

    public ReplCancellation(bool listen)
    {
        _listening = listen;
        if (listen)
            Console.CancelKeyPress += OnCancelKeyPress;
    }

    /// <summary>A token for the submission about to be checked and answered; <see cref="End"/> when it is done.</summary>
    public CancellationToken Begin()
    {
        var running = new CancellationTokenSource();
        Interlocked.Exchange(ref _running, running);
        if (Interlocked.Exchange(ref _pending, 0) == 1)
            running.Cancel();
        return running.Token;
    }

    /// <summary>A new line is about to be read: a Ctrl-C kept since the last submission no longer has work to stop.</summary>
    public void Forget() => Interlocked.Exchange(ref _pending, 0);

    public void End()
    {
        var running = Interlocked.Exchange(ref _running, null);
        running?.Dispose();
    }

    public void Dispose()
    {
        if (_listening)
            Console.CancelKeyPress -= OnCancelKeyPress;
        End();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        Interlocked.Exchange(ref _pending, 1);
        if (Volatile.Read(ref _running) is not { } running)
            return;
        try
        {
            running.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The query ended while the signal was on its way: there is nothing left to stop.
        }
    }
}
