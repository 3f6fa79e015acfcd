using Bunit;
using Bunit.TestDoubles;
using Connect.Testing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Connect.Web.Tests.Components;

/// <summary>
/// bUnit with what every portal component needs: MudBlazor, a signed-in user, and the real test database
/// (reset before each test).
/// </summary>
public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    protected ComponentTest(DatabaseFixture database)
    {
        Database = database;
        Services.AddMudServices();
        Services.AddScoped<Connect.Web.Components.Shared.UserTimeZone>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(database.Contexts);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<Connect.Infrastructure.Orders.OrderQueries>();
        Authorization = AddAuthorization();
    }

    protected DatabaseFixture Database { get; }
    protected BunitAuthorizationContext Authorization { get; }

    public virtual async ValueTask InitializeAsync() => await Database.ResetAsync();

    ValueTask IAsyncDisposable.DisposeAsync() => DisposeAsync();
}
