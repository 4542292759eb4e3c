namespace MtaSts.Core.Storage;

/// <summary>
/// Runs a creation (containers, tables) once and shares it; unlike a <see cref="Lazy{T}"/> of a task, a failed or
/// cancelled attempt is not remembered, so one storage fault at first use does not break every later call.
/// </summary>
public sealed class CreateOnce(Func<Task> create)
{
    private readonly object gate = new();
    private Task? task;

    public Task EnsureAsync()
    {
        lock (gate)
        {
            if (task is null || task.IsFaulted || task.IsCanceled)
            {
                task = create();
            }

            return task;
        }
    }
}
