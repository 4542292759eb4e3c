using MtaSts.Core.Storage;

namespace MtaSts.Core.Tests.Storage;

public sealed class CreateOnceTests
{
    [Fact]
    public async Task Runs_once_when_it_succeeds_and_again_after_a_failure()
    {
        var calls = 0;
        var fail = true;
        var once = new CreateOnce(async () =>
        {
            calls++;
            await Task.Yield();
            if (fail)
            {
                throw new InvalidOperationException("storage blip");
            }
        });

        await Assert.ThrowsAsync<InvalidOperationException>(once.EnsureAsync);
        fail = false;
        await once.EnsureAsync();
        await once.EnsureAsync();
        await Task.WhenAll(once.EnsureAsync(), once.EnsureAsync());

        Assert.Equal(2, calls);
    }
}
