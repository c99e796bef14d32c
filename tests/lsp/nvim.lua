-- Headless Neovim as a real editor on `gatelint server` (run by tests/server.rs):
--   nvim --headless -u NONE -i NONE -n -c "luafile tests/lsp/nvim.lua"
-- with GATELINT (the binary), CARD (a README.md to edit) and OUT (a file for the report).
-- It opens the card, starts the server with Neovim's built-in client, waits for the
-- diagnostics, applies the quick fix under the first fixable diagnostic, then the
-- `source.fixAll.gatelint` action, and writes what it saw and the buffer's final text to OUT.
-- Works with Neovim 0.7 (Debian 12's) and later. Exits 0 when done, 1 on a failure.

local out = {}
local function say(line)
  table.insert(out, line)
end
local function finish(code)
  vim.fn.writefile(out, os.getenv("OUT"))
  vim.cmd((code == 0) and "qa!" or "cq!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("CARD")))
  vim.bo.filetype = "markdown"
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = "gatelint",
    cmd = { os.getenv("GATELINT"), "server" },
    root_dir = vim.fn.fnamemodify(os.getenv("CARD"), ":h"),
  })
  assert(id, "the client did not start")
  vim.lsp.buf_attach_client(buf, id)
  local client = vim.lsp.get_client_by_id(id)

  local function diagnostics()
    local list = vim.diagnostic.get(buf)
    table.sort(list, function(a, b)
      return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
    end)
    return list
  end
  local function code_of(d)
    return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  end
  assert(vim.wait(20000, function() return #diagnostics() > 0 end, 20), "no diagnostics")
  for _, d in ipairs(diagnostics()) do
    say(string.format("diagnostic %d:%d-%d:%d %s", d.lnum, d.col, d.end_lnum, d.end_col, code_of(d)))
  end

  local function actions(range, only)
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = range,
      context = { diagnostics = {}, only = only },
    }
    local response = client.request_sync("textDocument/codeAction", params, 10000, buf)
    assert(response and not response.err, "codeAction failed")
    return response.result or {}
  end
  local function apply(action)
    say("apply " .. action.kind .. ": " .. action.title)
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end

  -- The quick fix under the eu-disallowed-not-boolean diagnostic.
  local count = #diagnostics()
  for _, d in ipairs(diagnostics()) do
    if code_of(d) == "eu-disallowed-not-boolean" then
      local range = {
        start = { line = d.lnum, character = d.col },
        ["end"] = { line = d.end_lnum, character = d.end_col },
      }
      local quick = actions(range, { "quickfix" })
      assert(#quick == 1, "expected one quick fix, got " .. #quick)
      apply(quick[1])
      break
    end
  end
  -- The edit reaches the server as a change, and the card is linted again.
  assert(vim.wait(20000, function() return #diagnostics() == count - 1 end, 20), "not linted again")
  say("after the quick fix: " .. #diagnostics() .. " diagnostics")

  -- Fix everything else.
  local whole = { start = { line = 0, character = 0 }, ["end"] = { line = vim.api.nvim_buf_line_count(buf), character = 0 } }
  local all = actions(whole, { "source.fixAll.gatelint" })
  assert(#all == 1, "expected one fix-all action, got " .. #all)
  apply(all[1])
  assert(vim.wait(20000, function() return #diagnostics() < count - 1 end, 20), "not linted after fix all")
  say("after fix all: " .. #diagnostics() .. " diagnostics")
  for _, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    say("| " .. line)
  end
  vim.lsp.stop_client(id)
end)
if not ok then
  say("FAILED: " .. tostring(err))
  finish(1)
else
  finish(0)
end
