-- Minimal Neovim 0.7 config: attach the Runlens server (node dist/server.js --stdio) to Python
-- buffers, and record its custom notifications. Environment: RUNLENS_SERVER (path to server.js).
vim.o.swapfile = false
vim.o.shadafile = 'NONE'

_G.runlens = { finished = {}, states = {}, log = {} }

local handlers = {
  ['runlens/traceFinished'] = function(_, result)
    table.insert(_G.runlens.finished, result)
  end,
  ['runlens/serverState'] = function(_, result)
    table.insert(_G.runlens.states, result)
  end,
  ['runlens/prediction'] = function() end,
  ['runlens/runStarted'] = function() end,
  ['window/logMessage'] = function(_, result)
    table.insert(_G.runlens.log, result.message)
  end,
}

local function start()
  local client_id = vim.lsp.start_client({
    name = 'runlens',
    cmd = { 'node', os.getenv('RUNLENS_SERVER'), '--stdio' },
    root_dir = vim.fn.getcwd(),
    handlers = handlers,
    init_options = { settings = { debounceMs = 50 } },
  })
  _G.runlens.client_id = client_id
  return client_id
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'python',
  callback = function(args)
    local id = _G.runlens.client_id or start()
    vim.lsp.buf_attach_client(args.buf, id)
  end,
})
