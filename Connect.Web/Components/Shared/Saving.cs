using Connect.Domain;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Web.Components.Shared;

public static class Saving
{
    /// <summary>
    /// Applies a change in one unit of work. Returns null when saved, else the message to show: a broken rule
    /// says what to fix, a unique-key clash says which value is taken. Nothing is half-saved either way.
    /// </summary>
    public static async Task<string?> TrySaveAsync(this IDbContextFactory<ConnectDbContext> contexts, Action<ConnectDbContext> change, string duplicateMessage)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            change(db);
            await db.SaveChangesAsync();
            return null;
        }
        catch (DomainException e) { return e.Message; }
        catch (DbUpdateException) { return duplicateMessage; }
    }
}
