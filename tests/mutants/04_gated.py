"""Planted mistakes for unit 04 (see tests/test_grading.py): each must lose exactly the points of `fails`.

Each entry names the answer cell (its grade_id), the replacements that plant the mistake in the
solution code of that cell, and the test cells that must then lose their points. AddingRegressor
reads with the student's LSTMCell, so a mistake in LSTMCell that stops the model from running (a
hard-coded GPU, a call to torch's own cell, chunk along the batch, an in-place update of c that breaks
backward) also fails the tests of train_adding, and so does one that makes a tensor on the CPU (the
visible test runs the model on torch's meta device); the other LSTMCell mistakes still give a trainable
cell (a permuted or simplified LSTM), which the training tests accept: the visible test compares the
model's predictions with its own cell and readout, applied step by step. AddingRegressor also reads
through the student's run_sequence, so the run_sequence mistakes that keep the model from learning, or
that change what it reads (c for h), fail those tests as well. run_sequence is graded with torch's own
cells, and the peephole cell has its own forward, so mistakes in LSTMCell and GRUCell cost nothing there.

The sets are those of a machine without a GPU, where only the meta-device checks of the visible tests
see a tensor made on the CPU (`*_on_cpu`); on a GPU the hidden tests would see it as well.
"""

LSTM = {"test_lstm_cell_visible", "test_lstm_cell_torch", "test_lstm_cell_gradients"}
GRU = {"test_gru_cell_visible", "test_gru_cell_torch", "test_gru_cell_gradients"}
SEQUENCE = {"test_run_sequence_visible", "test_run_sequence_torch", "test_run_sequence_state"}
TRAIN = {"test_train_adding_visible", "test_train_adding_your_cell", "test_train_adding_baseline"}

MUTANTS = [
    # --- LSTMCell -------------------------------------------------------------------------------
    dict(name="lstm_gate_order_ifog", cell="lstm_cell",
         replace=[("a_i, a_f, a_g, a_o = a.chunk(4, dim=1)", "a_i, a_f, a_o, a_g = a.chunk(4, dim=1)")],
         fails=LSTM),
    dict(name="lstm_forget_gate_on_the_input", cell="lstm_cell",
         replace=[("c_new = f * c + i * g", "c_new = f * g + i * c")],
         fails=LSTM),
    dict(name="lstm_no_tanh_on_cell_state", cell="lstm_cell",
         replace=[("h_new = o * torch.tanh(c_new)", "h_new = o * c_new")],
         fails=LSTM),
    dict(name="lstm_sigmoid_candidate", cell="lstm_cell",
         replace=[("g = torch.tanh(a_g)", "g = torch.sigmoid(a_g)")],
         fails=LSTM),
    dict(name="lstm_hard_coded_cuda", cell="lstm_cell",
         replace=[("zeros = torch.zeros(x.shape[0], self.hidden_size, device=x.device, dtype=x.dtype)",
                   "zeros = torch.zeros(x.shape[0], self.hidden_size, device=\"cuda\", dtype=x.dtype)")],
         # the gradient test always passes a state, so no zeros are made there
         fails=LSTM - {"test_lstm_cell_gradients"} | TRAIN),
    dict(name="lstm_delegates_to_torch", cell="lstm_cell",
         replace=[("h, c = state\n",
                   "return torch.lstm_cell(x, state, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)\n")],
         fails=LSTM | TRAIN),
    dict(name="lstm_zeros_without_dtype", cell="lstm_cell",
         replace=[("device=x.device, dtype=x.dtype)", "device=x.device)")],
         fails={"test_lstm_cell_visible", "test_lstm_cell_torch"}),
    dict(name="lstm_zeros_on_cpu", cell="lstm_cell",
         replace=[("device=x.device, dtype=x.dtype)", "dtype=x.dtype)")],
         fails={"test_lstm_cell_visible", "test_train_adding_visible"}),
    dict(name="lstm_cell_state_in_place", cell="lstm_cell",
         replace=[("c_new = f * c + i * g", "c_new = c.mul_(f) + i * g")],
         fails=LSTM | TRAIN),
    dict(name="lstm_chunk_along_batch", cell="lstm_cell",
         replace=[("a.chunk(4, dim=1)", "a.chunk(4)")],
         fails=LSTM | TRAIN),

    # --- GRUCell --------------------------------------------------------------------------------
    dict(name="gru_chung_interpolation", cell="gru_cell",
         replace=[("return (1 - z) * n + z * h", "return (1 - z) * h + z * n")],
         fails=GRU),
    dict(name="gru_reset_before_product", cell="gru_cell",
         replace=[("n = torch.tanh(x_n + r * h_n)",
                   "H = self.hidden_size\n"
                   "        n = torch.tanh(x_n + (r * h) @ self.weight_hh[2 * H:].T + self.bias_hh[2 * H:])")],
         fails=GRU),
    dict(name="gru_hidden_bias_outside_reset", cell="gru_cell",
         replace=[("a_x = x @ self.weight_ih.T + self.bias_ih", "a_x = x @ self.weight_ih.T + self.bias_ih + self.bias_hh"),
                  ("a_h = h @ self.weight_hh.T + self.bias_hh", "a_h = h @ self.weight_hh.T")],
         fails=GRU),
    dict(name="gru_drops_bias_hh", cell="gru_cell",
         replace=[("a_h = h @ self.weight_hh.T + self.bias_hh", "a_h = h @ self.weight_hh.T")],
         fails=GRU),
    dict(name="gru_detaches_state", cell="gru_cell",
         replace=[("a_h = h @ self.weight_hh.T", "a_h = h.detach() @ self.weight_hh.T")],
         fails={"test_gru_cell_visible", "test_gru_cell_gradients"}),
    dict(name="gru_zeros_without_dtype", cell="gru_cell",
         replace=[("device=x.device, dtype=x.dtype)", "device=x.device)")],
         fails={"test_gru_cell_visible", "test_gru_cell_torch"}),
    dict(name="gru_zeros_on_cpu", cell="gru_cell",
         replace=[("device=x.device, dtype=x.dtype)", "dtype=x.dtype)")],
         fails={"test_gru_cell_visible"}),

    # --- run_sequence ---------------------------------------------------------------------------
    dict(name="sequence_state_not_carried", cell="run_sequence",
         replace=[("state = cell(x_t, state)", "new_state = cell(x_t, state)"),
                  ("h = state[0] if isinstance(state, tuple) else state",
                   "h = new_state[0] if isinstance(new_state, tuple) else new_state"),
                  ("return torch.stack(outputs), state", "return torch.stack(outputs), new_state")],
         # the model of part 5 then never sees h(t-1): weight_hh gets no gradient, and it cannot learn
         fails=SEQUENCE | {"test_train_adding_visible", "test_train_adding_baseline"}),
    dict(name="sequence_outputs_reversed", cell="run_sequence",
         replace=[("outputs.append(h)", "outputs.insert(0, h)")],
         # the model of part 5 then reads h(1) as if it were h(T)
         fails=SEQUENCE | TRAIN),
    dict(name="sequence_returns_initial_state", cell="run_sequence",
         replace=[("outputs = []", "outputs, initial = [], state"),
                  ("return torch.stack(outputs), state", "return torch.stack(outputs), initial")],
         fails=SEQUENCE),
    dict(name="sequence_lstm_output_is_c", cell="run_sequence",
         replace=[("h = state[0] if", "h = state[-1] if")],
         # the model of part 5 then predicts from c(T), which its visible test sees; it still learns
         fails=SEQUENCE | {"test_train_adding_visible"}),
    dict(name="sequence_outputs_preallocated_float32", cell="run_sequence",
         replace=[("outputs = []", "outputs = None"),
                  ("for x_t in x:", "for t, x_t in enumerate(x):"),
                  ("outputs.append(h)", "if outputs is None:\n"
                                        "            outputs = torch.zeros(x.shape[0], *h.shape, device=x.device)\n"
                                        "        outputs[t] = h"),
                  ("return torch.stack(outputs), state", "return outputs, state")],
         # float32 outputs whatever the dtype of x: only the visible test has a float64 case
         fails={"test_run_sequence_visible"}),

    # --- PeepholeLSTMCell -----------------------------------------------------------------------
    dict(name="peephole_coupled_i_equals_f", cell="peephole_lstm",
         replace=[("i = 1 - f  #", "i = f  #")],
         fails={"test_peephole_lstm_visible", "test_peephole_lstm_coupled"}),
    dict(name="peephole_output_gate_sees_old_cell", cell="peephole_lstm",
         replace=[("o = torch.sigmoid(a_o + self.weight_co * c_new)", "o = torch.sigmoid(a_o + self.weight_co * c_prev)")],
         fails={"test_peephole_lstm_visible", "test_peephole_lstm_peepholes", "test_peephole_lstm_coupled"}),
    dict(name="peephole_forget_gate_without_peephole", cell="peephole_lstm",
         replace=[("f = torch.sigmoid(a_f + self.weight_cf * c_prev)", "f = torch.sigmoid(a_f)")],
         fails={"test_peephole_lstm_visible", "test_peephole_lstm_peepholes", "test_peephole_lstm_coupled"}),
    dict(name="peephole_zeros_without_dtype", cell="peephole_lstm",
         replace=[("device=x.device, dtype=x.dtype)", "device=x.device)")],
         # the hidden peephole tests are all float32
         fails={"test_peephole_lstm_visible"}),
    dict(name="peephole_ones_on_cpu", cell="peephole_lstm",
         replace=[("i = 1 - f  #", "i = torch.ones(x.shape[0], self.hidden_size) - f  #")],
         fails={"test_peephole_lstm_visible"}),

    # --- AddingRegressor and train_adding -------------------------------------------------------
    dict(name="adding_reads_first_step", cell="train_adding",
         replace=[("self.readout(outputs[-1])", "self.readout(outputs[0])")],
         # h(1) comes from the zero state, so weight_hh gets no gradient and the model cannot learn; the visible
         # test sees that the predictions are readout(h(1))
         fails=TRAIN),
    dict(name="adding_loss_broadcasts_to_n_by_n", cell="train_adding",
         replace=[("loss = ((model(x) - y) ** 2).mean()", "loss = ((model(x) - y[:, None]) ** 2).mean()")],
         fails={"test_train_adding_visible", "test_train_adding_baseline"}),
    dict(name="adding_loss_without_target", cell="train_adding",
         replace=[("loss = ((model(x) - y) ** 2).mean()", "loss = (model(x) ** 2).mean()")],
         # training loss near 0, held-out MSE several times the baseline
         fails={"test_train_adding_visible", "test_train_adding_baseline"}),
    dict(name="adding_optimises_readout_only", cell="train_adding",
         replace=[("torch.optim.Adam(model.parameters(), lr=lr)", "torch.optim.Adam(model.readout.parameters(), lr=lr)")],
         fails={"test_train_adding_visible", "test_train_adding_baseline"}),
    dict(name="adding_squeezes_batch_axis", cell="train_adding",
         replace=[(".squeeze(-1)", ".squeeze()")],
         # fails for N = 1 only: the visible test has a batch of one
         fails={"test_train_adding_visible", "test_train_adding_your_cell"}),
]
