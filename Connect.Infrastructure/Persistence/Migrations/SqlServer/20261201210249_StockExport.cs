using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connect.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StockExport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "HandledVersion",
                table: "StockExportRequests",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastExportedAt",
                table: "StockExportRequests",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LastExportedQuantity",
                table: "StockExportRequests",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "StockExportRequests",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HandledVersion",
                table: "StockExportRequests");

            migrationBuilder.DropColumn(
                name: "LastExportedAt",
                table: "StockExportRequests");

            migrationBuilder.DropColumn(
                name: "LastExportedQuantity",
                table: "StockExportRequests");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "StockExportRequests");
        }
    }
}
