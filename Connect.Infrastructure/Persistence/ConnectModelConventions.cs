using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connect.Infrastructure.Persistence;

/// <summary>Model-wide rules that keep the schema valid on SQL Server as well as SQLite.</summary>
internal static class ConnectModelConventions
{
    public static void Apply(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            // Enums as readable strings, so the database tells what it holds.
            foreach (var property in entity.GetProperties())
            {
                var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                if (type.IsEnum)
                {
                    property.SetProviderClrType(typeof(string));
                    property.SetMaxLength(40);
                }
            }

            // Restrict by default: SQL Server refuses multiple cascade paths. Aggregate children opt in to cascade
            // in their configuration (marked with the annotation below).
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                if (foreignKey.IsOwnership || foreignKey.FindAnnotation(CascadeAnnotation) is not null) continue;
                if (foreignKey.DeclaringEntityType.ClrType.Namespace?.StartsWith("Microsoft.AspNetCore.Identity") == true) continue;
                foreignKey.DeleteBehavior = DeleteBehavior.Restrict;
            }
        }
    }

    public const string CascadeAnnotation = "Connect:Cascade";

    /// <summary>Marks a relationship whose dependents belong to their principal and go with it.</summary>
    public static ReferenceCollectionBuilder<TPrincipal, TDependent> OwnedByPrincipal<TPrincipal, TDependent>(
        this ReferenceCollectionBuilder<TPrincipal, TDependent> relationship) where TPrincipal : class where TDependent : class =>
        relationship.OnDelete(DeleteBehavior.Cascade).HasAnnotation(CascadeAnnotation, true);
}
