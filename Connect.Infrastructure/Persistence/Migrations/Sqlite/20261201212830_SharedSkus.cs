using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connect.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SharedSkus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CatalogSourceIntegrationId",
                table: "Products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SkuGenerated",
                table: "Products",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Active",
                table: "ExternalLinks",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExternalLinks_Kind_LocalId",
                table: "ExternalLinks",
                columns: new[] { "Kind", "LocalId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ExternalLinks_Kind_LocalId",
                table: "ExternalLinks");

            migrationBuilder.DropColumn(
                name: "CatalogSourceIntegrationId",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "SkuGenerated",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "Active",
                table: "ExternalLinks");
        }
    }
}
