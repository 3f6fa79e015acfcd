using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connect.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExplicitAllStores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AllStores",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Before this column, a non-admin with no store ticked saw every store. Keep that for existing users, now
            // as the explicit "All stores" choice; from here on, no store ticked means no store.
            migrationBuilder.Sql(
                "UPDATE AspNetUsers SET AllStores = 1 WHERE (StoreIds IS NULL OR StoreIds = '[]') AND Id NOT IN " +
                "(SELECT ur.UserId FROM AspNetUserRoles ur JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE r.NormalizedName = 'ADMIN')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AllStores",
                table: "AspNetUsers");
        }
    }
}
